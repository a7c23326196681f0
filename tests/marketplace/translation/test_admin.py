"""The glossary and memory admin pages open for ops."""

import pytest

from marketplace.translation.memory import remember
from marketplace.translation.models import GlossaryTerm, TermKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_glossary_list_filters_and_search(admin_client):
    GlossaryTerm.objects.create(language="de", source_term="SoundWave",
                                kind=TermKind.DO_NOT_TRANSLATE)
    response = admin_client.get("/admin/translation/glossaryterm/",
                                {"language": "de", "kind": "do_not_translate", "q": "Sound"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_memory_is_read_only(admin_client):
    entry = remember("Cable", "Kabel", source_language="en", target_language="de",
                     origin="human")
    assert admin_client.get("/admin/translation/translationmemory/").status_code == 200
    assert admin_client.get(
        f"/admin/translation/translationmemory/{entry.pk}/change/").status_code == 200
    assert admin_client.get("/admin/translation/translationmemory/add/").status_code == 403
