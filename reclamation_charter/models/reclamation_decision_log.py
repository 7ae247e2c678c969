# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class ReclamationDecisionLog(models.Model):
    """Append-only trail of the decisions taken on complaints (charter
    article 9): who, when, what, before, after, why. Entries are written by
    the product; nobody, the administrator included, changes or deletes one
    through the ORM or the interface."""

    _name = "reclamation.decision.log"
    _inherit = ["reclamation.append.only.mixin"]
    _description = "Complaint Decision Log"
    _order = "date desc, id desc"
    _rec_name = "kind"

    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Decided by",
        required=True,
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(
        selection=[
            ("complexity", "Complexity change"),
            ("deadline", "Deadline move"),
            ("extension", "Holding letter"),
            ("outcome", "Outcome"),
            ("consent_exception", "Consent exception"),
            ("sharing", "Sharing with a third party"),
            ("export", "Data export"),
            ("rectification", "Rectification"),
            ("restriction", "Restriction of processing"),
            ("request_extension", "Request deadline extension"),
            ("retention", "Retention"),
            ("anonymisation", "Anonymisation"),
            ("legal_hold", "Legal hold"),
            ("desk_move", "Moved off the complaint desks"),
        ],
        string="Decision",
        required=True,
        readonly=True,
        index=True,
    )
    before = fields.Text(readonly=True)
    after = fields.Text(readonly=True)
    reason = fields.Text(readonly=True)

    # Free text about the person: blanked when they are anonymised, the one
    # change the log allows (itself logged).
    _ANONYMISABLE_FIELDS = frozenset({"before", "after", "reason"})

    def _get_append_only_error(self, operation, field_names=()):
        if operation == "unlink":
            return AccessError(
                self.env._(
                    "The decision log is append-only: its entries cannot be deleted."
                )
            )
        return AccessError(
            self.env._(
                "The decision log is append-only: its entries cannot be changed."
            )
        )

    @api.model
    def _log(self, kind, tickets=None, before=None, after=None, reason=None):
        """Record a decision, in one insert for all the complaints concerned.
        Written as the superuser on behalf of the current user: the log has no
        write access for anyone."""
        user = self.env.user
        values = [
            {
                "kind": kind,
                "ticket_id": ticket.id,
                "company_id": ticket.company_id.id or self.env.company.id,
                "user_id": user.id,
                "before": before(ticket) if callable(before) else before,
                "after": after(ticket) if callable(after) else after,
                "reason": reason,
            }
            for ticket in (tickets or [self.env["helpdesk.ticket"]])
        ]
        return self.sudo().create(values)
