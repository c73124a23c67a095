from django.contrib import admin
from django.test import RequestFactory

from prevex.procedures.admin import EventInline
from prevex.procedures.models import Event, LegalRule, Procedure


def test_admin_configuration_passes_django_checks():
    for model in (LegalRule, Procedure):
        assert admin.site.is_registered(model)
        assert admin.site._registry[model].check() == []
    assert EventInline(Procedure, admin.site).check() == []


def test_legal_rules_list_shows_validity_and_basis():
    model_admin = admin.site._registry[LegalRule]
    assert model_admin.list_display[:6] == [
        "code",
        "value",
        "unit",
        "valid_from",
        "valid_to",
        "departement",
    ]
    assert "short_basis" in model_admin.list_display


def test_procedures_and_events_are_written_by_the_services_only():
    request = RequestFactory().get("/admin/")
    procedure_admin = admin.site._registry[Procedure]
    assert procedure_admin.has_add_permission(request) is False
    assert {"stage", "stage_date", "current_debt", "key_deadline"} <= set(
        procedure_admin.readonly_fields
    )
    inline = EventInline(Procedure, admin.site)
    assert inline.has_add_permission(request) is False
    assert inline.can_delete is False
    assert set(inline.readonly_fields) == set(inline.fields)
    assert inline.model is Event
