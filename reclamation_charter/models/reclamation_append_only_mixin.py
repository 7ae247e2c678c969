# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class ReclamationAppendOnlyMixin(models.AbstractModel):
    """Records kept as proof (charter articles 3 and 9): once created they
    are never changed or deleted through the ORM, RPC or the interface.

    The only changes allowed are those of the product's own operations,
    which run as the superuser after their own checks and name themselves
    in the context: a client can pass a context, it cannot become the
    superuser. Each model says which fields an operation may change
    (``_get_append_only_writable_fields``) and how it explains a refusal
    (``_get_append_only_error``).
    """

    _name = "reclamation.append.only.mixin"
    _description = "Append-Only Record"

    # Personal data that anonymisation blanks: the one change every
    # append-only record allows, to the superuser, under
    # ``reclamation_anonymise``.
    _ANONYMISABLE_FIELDS = frozenset()

    def _get_append_only_writable_fields(self):
        if self.env.su and self.env.context.get("reclamation_anonymise"):
            return self._ANONYMISABLE_FIELDS
        return frozenset()

    def _get_append_only_error(self, operation, field_names=()):
        """The exception raised for ``operation`` ("write" or "unlink")."""
        if operation == "unlink":
            return UserError(
                self.env._(
                    "%(model)s records are kept as proof: they cannot be deleted.",
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )
        return UserError(
            self.env._(
                "%(model)s records are kept as proof: they cannot be changed "
                "(%(fields)s).",
                model=self.env["ir.model"]._get(self._name).name,
                fields=", ".join(sorted(field_names)),
            )
        )

    def write(self, vals):
        refused = set(vals) - self._get_append_only_writable_fields()
        if self and refused:
            raise self._get_append_only_error("write", refused)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise self._get_append_only_error("unlink")
