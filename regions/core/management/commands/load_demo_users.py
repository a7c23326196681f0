import tomllib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from regions.core.models import Region
from regions.core.operators import make_operator

DEMO_USERS = settings.BASE_DIR / "fixtures" / "demo_users.toml"


class Command(BaseCommand):
    help = "Create the demo logins (a superuser and one ops user per region). Not in production."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo users have published passwords; refusing in production.")
        with DEMO_USERS.open("rb") as handle:
            users = tomllib.load(handle)["users"]
        User = get_user_model()
        rows = []
        for spec in users:
            user, _ = User.objects.get_or_create(username=spec["username"])
            user.email = spec.get("email", "")
            user.is_superuser = user.is_staff = bool(spec.get("superuser"))
            user.set_password(spec["password"])
            user.save()
            try:
                if spec.get("regions"):
                    make_operator(user, spec["regions"])
            except Region.DoesNotExist as exc:
                raise CommandError(str(exc)) from None
            scope = "all regions (superuser)" if user.is_superuser else ", ".join(spec["regions"])
            rows.append((spec["username"], spec["password"], scope))
        width = max(len(name) for name, _, _ in rows)
        self.stdout.write("Demo logins:")
        for name, password, scope in rows:
            self.stdout.write(f"  {name.ljust(width)}  password {password.ljust(22)} {scope}")
