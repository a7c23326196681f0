"""The core product categories and properties that compliance rules key on.

Kept small and real: each entry is something a regime in the region packs names. Region packs
add their own (`[[categories]]`, `[[product_properties]]`); model fields and forms use the merged
lists of regions.core.declarations.
"""

from django.db import models

from regions.core import declarations


class ProductCategory(models.TextChoices):
    CONSUMER_ELECTRONICS = "consumer_electronics", "Consumer electronics"
    RADIO_DEVICES = "radio_devices", "Radio devices (Wi-Fi, Bluetooth, LTE)"
    BATTERIES = "batteries", "Batteries"
    LIGHTING = "lighting", "Lighting"
    TOYS = "toys", "Toys"
    TEXTILES = "textiles", "Textiles and apparel"
    FURNITURE = "furniture", "Furniture"
    KITCHENWARE = "kitchenware", "Kitchenware and food contact"
    COSMETICS = "cosmetics", "Cosmetics"
    MACHINERY = "machinery", "Machinery"
    PPE = "ppe", "Personal protective equipment"
    # Taxed apart in many markets (Japan 8 %, Australia GST-free basic food, UK zero rate).
    FOOD = "food", "Food and beverages"


class ProductProperty(models.TextChoices):
    ELECTRICAL = "electrical", "Electrical or electronic equipment"
    MAINS_VOLTAGE = "mains_voltage", "Rated 50–1000 V AC or 75–1500 V DC"
    CONTAINS_BATTERY = "contains_battery", "Contains a battery"
    RADIO = "radio", "Transmits or receives radio"
    FOR_CHILDREN = "for_children", "Made for children"
    FOOD_CONTACT = "food_contact", "Comes into contact with food"
    PACKAGED = "packaged", "Ships in packaging"


declarations.register_core("categories", ProductCategory.choices)
declarations.register_core("product_properties", ProductProperty.choices)
