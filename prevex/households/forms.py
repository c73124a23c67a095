"""Forms of the household file. They only validate input; services do the writes."""

from django import forms

from prevex.core.errors import BusinessError
from prevex.core.forms import AmountField, DsfrFormMixin, FrenchDateField
from prevex.core.models import Commune
from prevex.core.text import fold

from .models import Composition, ContactKind, LandlordType, MemberRole, Parc, VulnerabilityKind
from .services import check_lease_date, members_from_names


def resolve_commune(*, postal_code: str, name: str) -> Commune:
    """The commune for a postcode (and a name when several communes share it)."""
    try:
        from prevex.core.territories import resolve_commune as resolve
    except ImportError:  # pragma: no cover - territories module always present
        resolve = None
    if resolve is not None:
        return resolve(postal_code=postal_code, name=name or None)
    communes = list(
        Commune.objects.filter(postal_codes__code=postal_code).distinct().order_by("insee")
    )
    if not communes:
        raise forms.ValidationError(f"Code postal {postal_code} inconnu.")
    if name:
        communes = [c for c in communes if fold(c.name) == fold(name)] or communes
    if len(communes) > 1:
        raise forms.ValidationError("Précisez la commune.")
    return communes[0]


class HouseholdForm(DsfrFormMixin, forms.Form):
    holder_last_name = forms.CharField(label="Nom du titulaire du bail", max_length=120)
    holder_first_name = forms.CharField(label="Prénom du titulaire", max_length=120)
    holder_birth_date = FrenchDateField(label="Date de naissance du titulaire", required=False)
    coholder_last_name = forms.CharField(label="Nom du cotitulaire", max_length=120, required=False)
    coholder_first_name = forms.CharField(
        label="Prénom du cotitulaire", max_length=120, required=False
    )
    coholder_birth_date = FrenchDateField(label="Date de naissance du cotitulaire", required=False)
    composition = forms.ChoiceField(label="Composition du ménage", choices=Composition.choices)
    address = forms.CharField(label="Adresse du logement", max_length=250)
    address_complement = forms.CharField(
        label="Complément d'adresse", max_length=250, required=False
    )
    postal_code = forms.RegexField(
        label="Code postal",
        regex=r"^\d{5}$",
        error_messages={"invalid": "Le code postal comporte 5 chiffres."},
    )
    commune_name = forms.CharField(
        label="Commune",
        max_length=120,
        required=False,
        help_text="Facultatif, sauf si le code postal dessert plusieurs communes.",
    )
    parc = forms.ChoiceField(label="Parc", choices=Parc.choices)
    rent = AmountField(label="Loyer mensuel hors charges (€)")
    charges = AmountField(label="Charges mensuelles (€)", required=False)
    landlord_name = forms.CharField(label="Nom du bailleur", max_length=200, required=False)
    landlord_type = forms.ChoiceField(
        label="Type de bailleur", choices=[("", "—")] + LandlordType.choices, required=False
    )
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    email = forms.EmailField(
        label="Courriel",
        required=False,
        error_messages={"invalid": "Adresse électronique invalide."},
    )
    informed_on = FrenchDateField(
        label="Ménage informé de l'utilisation de ses données le", required=False
    )
    lease_date = FrenchDateField(
        label="Date du bail (conclusion ou dernier renouvellement)",
        required=False,
        # No delay written here: the rules are dated data (prevex/procedures/rules_data.py);
        # the file's deadline shows the one applied, with its basis.
        help_text="Elle choisit la règle du délai de la clause résolutoire en vigueur à cette "
        "date ; le délai appliqué s'affiche avec l'échéance du dossier. Inconnue : il suit la "
        "date du commandement de payer.",
    )

    def clean(self):
        data = super().clean()
        postal_code = data.get("postal_code")
        if postal_code:
            try:
                data["commune"] = resolve_commune(
                    postal_code=postal_code, name=data.get("commune_name", "")
                )
            except forms.ValidationError as exc:
                self.add_error("postal_code", exc)
        if bool(data.get("coholder_last_name")) != bool(data.get("coholder_first_name")):
            self.add_error("coholder_first_name", "Indiquez le nom et le prénom du cotitulaire.")
        lease = data.get("lease_date")
        if lease is not None:
            try:
                check_lease_date(lease)
            except BusinessError as error:
                self.add_error("lease_date", " ".join(error.messages))
        return data

    def members(self) -> list[dict]:
        """The lease holders as ``household_create`` takes them (after ``is_valid()``)."""
        d = self.cleaned_data
        return members_from_names(
            (MemberRole.TITULAIRE, d["holder_last_name"], d["holder_first_name"],
             d["holder_birth_date"]),
            (MemberRole.COTITULAIRE, d.get("coholder_last_name", ""),
             d.get("coholder_first_name", ""), d.get("coholder_birth_date")),
        )  # fmt: skip

    def contacts(self) -> list[dict]:
        d = self.cleaned_data
        contacts = []
        if d.get("phone"):
            contacts.append({"kind": ContactKind.TELEPHONE, "value": d["phone"]})
        if d.get("email"):
            contacts.append({"kind": ContactKind.EMAIL, "value": d["email"]})
        return contacts

    def household_fields(self) -> dict:
        """Everything ``household_create`` takes from this form, but ``by``/``departement``."""
        d = self.cleaned_data
        return {
            "composition": d["composition"],
            "address": d["address"],
            "address_complement": d.get("address_complement", ""),
            "postal_code": d["postal_code"],
            "commune": d["commune"],
            "parc": d["parc"],
            "rent": d["rent"],
            "charges": d.get("charges") or 0,
            "landlord_name": d.get("landlord_name", ""),
            "landlord_type": d.get("landlord_type", ""),
            "members": self.members(),
            "contacts": self.contacts(),
            "informed_on": d.get("informed_on"),
            "lease_date": d.get("lease_date"),
        }


class SearchForm(DsfrFormMixin, forms.Form):
    q = forms.CharField(label="Référence, nom ou adresse", max_length=150, required=False)


class SocialEvaluationForm(DsfrFormMixin, forms.Form):
    monthly_resources = AmountField(label="Ressources mensuelles du ménage (€)", required=False)
    resources_note = forms.CharField(
        label="Nature des ressources",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    social_evaluation = forms.CharField(
        label="Évaluation sociale",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VulnerabilityForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=VulnerabilityKind.choices)
    note = forms.CharField(
        label="Précisions",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recorded_on = FrenchDateField(label="Constatée le")
