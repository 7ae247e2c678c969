# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

PUBLICATION_STATES = [
    ("draft", "Draft"),
    ("published", "Published"),
    ("archived", "Archived"),
]


class ReclamationPublishedMixin(models.AbstractModel):
    """A text people rely on, in versions: written as a draft, published,
    then archived when a newer version replaces it. What makes up the text
    (``_FROZEN_FIELDS``) is frozen once the version leaves the draft state,
    a version never goes back to draft, and only drafts can be deleted:
    complaints and consents refer to the others. A change is a new version.

    Charter versions and consent texts implement it.
    """

    _name = "reclamation.published.mixin"
    _description = "Published Text Version"

    state = fields.Selection(
        selection=PUBLICATION_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )

    # The fields that make up the text of a version.
    _FROZEN_FIELDS = frozenset()

    def _get_frozen_error(self, field_names):
        return UserError(
            self.env._(
                "A published or archived %(model)s cannot be changed "
                "(%(fields)s). Create a new version instead.",
                model=self.env["ir.model"]._get(self._name).name,
                fields=", ".join(sorted(field_names)),
            )
        )

    def write(self, vals):
        frozen = set(self._FROZEN_FIELDS.intersection(vals))
        if vals.get("state") == "draft":
            frozen.add("state")
        if frozen and any(record.state != "draft" for record in self):
            raise self._get_frozen_error(frozen)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        if any(record.state != "draft" for record in self):
            raise UserError(
                self.env._(
                    "Only drafts can be deleted (%(model)s): complaints and "
                    "consents refer to the published and archived versions.",
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    def _get_public_url(self):
        """The full address where customers read this version, for the
        letters that cite it; empty while no public page serves it (the
        portal addon serves the charter and the privacy notice)."""
        self.ensure_one()
        return ""

    def _check_publishable(self):
        """Only drafts are published."""
        for record in self:
            if record.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft version can be published; %(record)s is "
                        "%(state)s.",
                        record=record.display_name,
                        state=dict(
                            record._fields["state"]._description_selection(self.env)
                        )[record.state],
                    )
                )
