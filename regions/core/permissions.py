"""What regional ops may do, declared by each app: an AppConfig's `ops_permissions` maps its
model names to admin actions. Kept free of model imports so app configs can use it."""

from django.apps import apps

ALL_ACTIONS = ("view", "add", "change", "delete")


def ops_permission_codenames() -> list[tuple[str, str]]:
    """(app label, codename) of every permission regional ops hold: each installed app says
    what its ops may do in its AppConfig's `ops_permissions`, so a new app brings its own.
    Which rows they may touch is the region scoping's business (RegionScopedAdmin)."""
    return sorted(
        (config.label, f"{action}_{model}")
        for config in apps.get_app_configs()
        for model, actions in getattr(config, "ops_permissions", {}).items()
        for action in actions
    )
