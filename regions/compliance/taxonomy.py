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
    PPE = "ppe", "Personal protective equipment (risk category not stated)"
    # The PPE Regulation's risk categories (Reg. (EU) 2016/425 Annex I), which decide the
    # conformity assessment: I self-declared, II and III with an EU type-examination.
    PPE_CATEGORY_I = "ppe_category_i", "Personal protective equipment, category I (minimal risks)"
    PPE_CATEGORY_II = "ppe_category_ii", "Personal protective equipment, category II"
    PPE_CATEGORY_III = "ppe_category_iii", (
        "Personal protective equipment, category III (risks of death or irreversible harm)")
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
    PPE_CATEGORY_I = "ppe_category_i", "PPE risk category I"
    PPE_CATEGORY_II = "ppe_category_ii", "PPE risk category II"
    PPE_CATEGORY_III = "ppe_category_iii", "PPE risk category III"


# A listing states its PPE risk category by its product category; rules key on the property.
PPE_CATEGORIES = {
    ProductProperty.PPE_CATEGORY_I: [ProductCategory.PPE_CATEGORY_I],
    ProductProperty.PPE_CATEGORY_II: [ProductCategory.PPE_CATEGORY_II],
    ProductProperty.PPE_CATEGORY_III: [ProductCategory.PPE_CATEGORY_III],
}

declarations.register_core("categories", ProductCategory.choices)
declarations.register_core("product_properties", ProductProperty.choices)
declarations.register_core_implied(PPE_CATEGORIES)
