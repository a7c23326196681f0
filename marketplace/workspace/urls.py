from django.urls import path

from marketplace.workspace import views

app_name = "workspace"

# /portal/workspace/{lang}/...: the language is in the URL, as on the rest of the portal.
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:lang>/", views.home, name="home"),
    path("<slug:lang>/listings/new/", views.listing_form, name="listing_new"),
    path("<slug:lang>/listings/<int:pk>/", views.listing_form, name="listing_edit"),
    path("<slug:lang>/listings/<int:pk>/translations/<slug:language>/",
         views.translation_form, name="translation"),
    path("<slug:lang>/listings/<int:pk>/ai-translation/", views.machine_translation,
         name="machine_translation"),
    path("<slug:lang>/certificates/", views.certificates, name="certificates"),
    path("<slug:lang>/responsible-persons/", views.responsible_persons,
         name="responsible_persons"),
    path("<slug:lang>/payout/", views.payout_details, name="payout_home"),
    path("<slug:lang>/payout/<int:supplier>/", views.payout_details, name="payout"),
    path("<slug:lang>/company/", views.company, name="company_home"),
    path("<slug:lang>/company/<int:supplier>/", views.company, name="company"),
]
