from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/open/<int:thread_id>/", views.open_case, name="open"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("cases/<int:case_id>/reply/", views.reply, name="reply"),
    path("cases/<int:case_id>/take/", views.take, name="take"),
    path("cases/<int:case_id>/resolve/", views.resolve, name="resolve"),
    path("cases/<int:case_id>/reopen/", views.reopen, name="reopen"),
    path("cases/<int:case_id>/invitation/accept/", views.accept_answer, name="accept"),
    path("cases/<int:case_id>/invitation/update/", views.post_update, name="update"),
    path("cases/<int:case_id>/invitation/dismiss/", views.dismiss_invitation, name="dismiss"),
]
