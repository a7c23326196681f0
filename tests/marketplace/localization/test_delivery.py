"""Delivery time said in two parts, dispatch and transit, with each language's plurals."""

from django.utils.translation import override

from marketplace.localization.delivery import DeliveryTime, delivery_text, split_delivery


def test_delivery_splits_at_the_warehouses_door():
    delivery = split_delivery((10, 15), (3, 5))

    assert delivery == DeliveryTime(dispatch=(7, 10), transit=(3, 5))
    assert delivery.total == (10, 15)


def test_delivery_text_in_english_german_and_polish_plurals():
    split = DeliveryTime(dispatch=(7, 10), transit=(3, 5))
    at_once = DeliveryTime(dispatch=(0, 0), transit=(1, 1))
    polish_few = DeliveryTime(dispatch=(1, 2), transit=(2, 3))
    collected = DeliveryTime(dispatch=(6, 12), transit=(0, 0))

    with override("en"):
        assert delivery_text(split) == "Ships in 7–10 days, then 3–5 days in transit"
        assert delivery_text(at_once) == "Delivered in 1 day"
        assert delivery_text(collected) == "Ships in 6–12 days"
    with override("de"):
        assert delivery_text(split) == "Versand in 7–10 Tagen, danach 3–5 Tage unterwegs"
        assert delivery_text(at_once) == "Zustellung in 1 Tag"
    with override("pl"):
        assert delivery_text(polish_few) == "Wysyłka w ciągu 1–2 dni, potem 2–3 dni w drodze"
        assert delivery_text(split) == "Wysyłka w ciągu 7–10 dni, potem 3–5 dni w drodze"


def test_arabic_takes_the_plural_form_of_the_upper_bound():
    with override("ar"):
        assert delivery_text(DeliveryTime(dispatch=(7, 10), transit=(3, 5))) == (
            "يُشحن خلال 7–10 أيام، ثم 3–5 أيام في الطريق")
        assert delivery_text(DeliveryTime(dispatch=(11, 14), transit=(1, 1))) == (
            "يُشحن خلال 11–14 يومًا، ثم 1 يوم في الطريق")
