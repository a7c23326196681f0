"""The supplier workspace: signed-in members of a supplier manage their own listings,
certificates and translations, in their language, through the same services as the admin."""
