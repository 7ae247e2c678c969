# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.fields import Command


class ReclamationWizardAccessMixin(models.AbstractModel):
    """A wizard on records of the product (a complaint, a data-subject
    request) shows what it reads of them: their name, deadlines, consents.
    It is opened (defaults, onchange) and created only on records the user
    may read; a wizard's own fields say nothing of the others."""

    _name = "reclamation.wizard.access.mixin"
    _description = "Wizard on Records the User Reads"

    # The wizard's relational fields holding the records it works on.
    _wizard_record_fields = ("ticket_id",)

    def _check_wizard_record_ids(self, values):
        """Check that the user reads the records named in ``values`` (a dict
        of field values as given to create, default_get or onchange)."""
        for name in self._wizard_record_fields:
            value = values.get(name)
            if not value:
                continue
            field = self._fields[name]
            ids = set()
            for item in value if isinstance(value, list | tuple) else [value]:
                if isinstance(item, int):
                    ids.add(item)
                elif isinstance(item, dict) and isinstance(item.get("id"), int):
                    ids.add(item["id"])
                elif isinstance(item, list | tuple) and item:
                    if item[0] == Command.SET:
                        ids.update(item[2] or ())
                    elif item[0] in (Command.LINK, Command.UPDATE):
                        ids.add(item[1])
            records = self.env[field.comodel_name].browse(ids).exists()
            records.check_access("read")

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        self._check_wizard_record_ids(defaults)
        return defaults

    def onchange(self, values, field_names, fields_spec):
        self._check_wizard_record_ids(values)
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for name in self._wizard_record_fields:
            # All the records, as stored: a many2many read as the user would
            # leave out those they may not read.
            wizards.sudo().mapped(name).with_env(self.env).check_access("read")
        return wizards
