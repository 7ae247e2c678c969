# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ReclamationReadiness(models.TransientModel):
    """What the complaint desk of a company needs before it opens (charter
    article 8), for the complaint manager who prepares it: the checks of
    ``res.company._reclamation_readiness``, each with the place to fix it.
    Settings show the same checks to administrators."""

    _name = "reclamation.readiness"
    _description = "Complaint Desk Readiness"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    line_ids = fields.One2many(
        comodel_name="reclamation.readiness.line",
        inverse_name="readiness_id",
        string="Checks",
        readonly=True,
    )
    is_ready = fields.Boolean(
        string="Complaint desk ready", compute="_compute_is_ready"
    )

    @api.depends("line_ids.is_ok")
    def _compute_is_ready(self):
        for readiness in self:
            readiness.is_ready = all(readiness.line_ids.mapped("is_ok"))

    def _compute_display_name(self):
        name = self.env["ir.model"]._get(self._name).name
        for readiness in self:
            readiness.display_name = name

    @api.model_create_multi
    def create(self, vals_list):
        readinesses = super().create(vals_list)
        is_admin = self.env.user.has_group("base.group_system")
        for readiness in readinesses:
            readiness.line_ids = [
                fields.Command.create(
                    {
                        "sequence": sequence,
                        "key": check["key"],
                        "name": check["label"],
                        "is_ok": check["ok"],
                        "detail": check["detail"] or False,
                        "action_label": check["action_label"],
                        # Settings are the administrators': others see what
                        # is missing there, without a link they cannot open.
                        "can_fix": bool(check["action"])
                        and (
                            is_admin
                            or check["action"].get("type") != "ir.actions.act_url"
                        ),
                    }
                )
                for sequence, check in enumerate(
                    readiness.company_id._reclamation_readiness()
                )
            ]
        return readinesses

    @api.model
    def action_open_readiness(self):
        """The menu's entry: the checks of the current company, opened as a
        saved record."""
        readiness = self.create({})
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_readiness_action"
        )
        action["res_id"] = readiness.id
        return action


class ReclamationReadinessLine(models.TransientModel):
    _name = "reclamation.readiness.line"
    _description = "Complaint Desk Readiness Check"
    _order = "sequence, id"

    readiness_id = fields.Many2one(
        comodel_name="reclamation.readiness", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    key = fields.Char(required=True)
    name = fields.Char(string="Check", required=True)
    is_ok = fields.Boolean(string="Ready")
    detail = fields.Char(string="What is missing")
    action_label = fields.Char()
    can_fix = fields.Boolean()

    def action_fix(self):
        """Open the place where this check is fixed; what it opens keeps its
        own access rights."""
        self.ensure_one()
        check = next(
            (
                check
                for check in self.readiness_id.company_id._reclamation_readiness()
                if check["key"] == self.key
            ),
            None,
        )
        if not check or not check["action"]:
            raise UserError(
                self.env._("Unknown readiness check: %(key)s", key=self.key)
            )
        return check["action"]
