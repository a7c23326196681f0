from django.urls import path

from marketplace.portal import views

app_name = "portal"

# /portal/{region}/{lang}/...: every page names its region and language in the URL, so a link
# sent by email opens in the language the applicant uses.
urlpatterns = [
    path("<slug:region>/", views.region_index, name="region"),
    path("<slug:region>/<slug:lang>/", views.home, name="home"),
    path("<slug:region>/<slug:lang>/signup/", views.signup, name="signup"),
    path("<slug:region>/<slug:lang>/login/", views.login_view, name="login"),
    path("<slug:region>/<slug:lang>/logout/", views.logout_view, name="logout"),
    path("<slug:region>/<slug:lang>/confirm/resend/", views.resend_confirmation,
         name="resend_confirmation"),
    path("<slug:region>/<slug:lang>/confirm/<str:token>/", views.confirm_email, name="confirm"),
    path("<slug:region>/<slug:lang>/company/", views.company, name="company"),
    path("<slug:region>/<slug:lang>/contact/", views.contact, name="contact"),
    path("<slug:region>/<slug:lang>/offer/", views.offer, name="offer"),
    path("<slug:region>/<slug:lang>/documents/", views.documents, name="documents"),
    path("<slug:region>/<slug:lang>/documents/<int:pk>/", views.document_download,
         name="document"),
    path("<slug:region>/<slug:lang>/documents/<int:pk>/delete/", views.document_delete,
         name="document_delete"),
    path("<slug:region>/<slug:lang>/warehouses/", views.warehouses, name="warehouses"),
    path("<slug:region>/<slug:lang>/warehouses/<int:pk>/delete/", views.warehouse_delete,
         name="warehouse_delete"),
    path("<slug:region>/<slug:lang>/review/", views.review, name="review"),
]
