from django.urls import path

from hjemvej.rights import views

app_name = "rights"
urlpatterns = [
    path("borger/<uuid:citizen_uuid>/", views.citizen_rights, name="citizen"),
    path("borger/<uuid:citizen_uuid>/tilbagehold/", views.place_hold, name="place_hold"),
    path("indsigt/<uuid:request_uuid>/udlever/", views.deliver, name="deliver"),
    path("indsigt/<uuid:request_uuid>/udtraek.pdf", views.download_pdf, name="download_pdf"),
    path("indsigt/<uuid:request_uuid>/udtraek.json", views.download_json, name="download_json"),
    path("rettelse/<uuid:correction_uuid>/", views.answer_correction, name="answer_correction"),
    path("tilbageholdelse/<uuid:hold_uuid>/ophaev/", views.lift_hold, name="lift_hold"),
    path("opbevaring/", views.retention, name="retention"),
    path("sletning/", views.disposals, name="disposals"),
    path("sletning/<uuid:disposal_uuid>/bekraeft/", views.confirm_disposal, name="confirm"),
    path("fortegnelse/", views.records, name="records"),
    path("fortegnelse.pdf", views.records_pdf, name="records_pdf"),
]
