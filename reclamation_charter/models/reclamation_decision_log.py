# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date, format_datetime


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
        # Complaints are never deleted: the link is kept, even in SQL.
        ondelete="restrict",
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
            ("withdrawal", "Withdrawn by the customer"),
            ("owner", "Owner assignment"),
            ("partner_change_request", "Contact change requested"),
            ("partner_change_approval", "Contact change approved"),
            ("partner_change_refusal", "Contact change refused"),
            ("partner_change_applied", "Contact change applied"),
            ("closure", "Closed with its root cause"),
            ("appeal_outcome", "Decision on appeal"),
            ("offer_answer", "Answer to an amicable offer"),
            ("appeal", "Internal appeal"),
            ("satisfaction", "Satisfaction survey answered"),
        ],
        string="Decision",
        required=True,
        readonly=True,
        index=True,
    )
    before = fields.Text(string="Before, as recorded", readonly=True)
    after = fields.Text(string="After, as recorded", readonly=True)
    # The values themselves, typed (dates in ISO UTC, selection keys, ids),
    # keyed by the fields of ``values_model`` they come from: shown in the
    # reader's language and time zone, where ``before``/``after`` hold the
    # text of whoever took the decision.
    values_model = fields.Char(
        string="Model of the values", readonly=True, default="helpdesk.ticket"
    )
    before_values = fields.Json(readonly=True)
    after_values = fields.Json(readonly=True)
    before_display = fields.Text(string="Before", compute="_compute_display_values")
    after_display = fields.Text(string="After", compute="_compute_display_values")
    reason = fields.Text(readonly=True)

    # Free text about the person: blanked when they are anonymised, the one
    # change the log allows (itself logged).
    _ANONYMISABLE_FIELDS = frozenset(
        {"before", "after", "reason", "before_values", "after_values"}
    )
    # Decisions whose reason the product writes (labels, references to a
    # request): kept when the person is anonymised. Any other reason was
    # typed by someone and may tell about the person.
    _GENERATED_REASON_KINDS = frozenset(
        {"complexity", "deadline", "sharing", "export", "retention", "owner"}
    )

    # Decisions whose values are figures of no model, each worded by its
    # method (``values_model`` empty).
    _VALUE_RENDERERS = {"export": "_render_export_values"}

    # The decisions about the person, which they were told or took
    # themselves: what their own download of their data holds. The others
    # (legal holds, restrictions, contact changes, assessments) are the
    # association's, released by the data protection officer on request
    # (GDPR article 15(4)), and may be about someone else.
    _PORTAL_EXPORT_KINDS = frozenset(
        {
            "outcome",
            "appeal",
            "appeal_outcome",
            "offer_answer",
            "extension",
            "withdrawal",
            "satisfaction",
        }
    )

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

    @api.depends("before", "after", "before_values", "after_values", "values_model")
    @api.depends_context("lang", "tz", "uid")
    def _compute_display_values(self):
        records = self._get_display_records()
        for log in self:
            render = self._VALUE_RENDERERS.get(log.kind)
            for name in ("before", "after"):
                values = log[f"{name}_values"]
                if not values:
                    log[f"{name}_display"] = log[name]
                elif render and not log.values_model:
                    log[f"{name}_display"] = getattr(log, render)(values)
                else:
                    log[f"{name}_display"] = log._render_values(values, records)

    @api.model
    def _render_export_values(self, values):
        """What a personal-data export held, in the reader's language."""
        return "; ".join(
            self.env._("%(label)s: %(value)s", label=label, value=value)
            for label, value in (
                (self.env._("Complaints"), values.get("complaint_count", 0)),
                (self.env._("Attachments"), values.get("attachment_count", 0)),
            )
        )

    def _get_display_records(self):
        """The records the values point to, read in one go per model. Their
        names are shown to whoever may read the entry (as superuser)."""
        ids = {}
        for log in self:
            if log.values_model not in self.env:
                continue
            Model = self.env[log.values_model]
            for values in (log.before_values, log.after_values):
                for name, value in (values or {}).items():
                    field = Model._fields.get(name)
                    if field and field.type == "many2one" and value:
                        ids.setdefault(field.comodel_name, set()).add(value)
                    elif field and field.type == "many2many" and value:
                        ids.setdefault(field.comodel_name, set()).update(value)
        return {
            model: self.env[model].sudo().browse(sorted(record_ids)).exists()
            for model, record_ids in ids.items()
        }

    def _render_values(self, values, records):
        """``values`` as "Label: value; ..." in the reader's language, dates
        in the reader's time zone, in the order of the model's fields."""
        self.ensure_one()
        if self.values_model not in self.env:
            return "; ".join(f"{name}: {value}" for name, value in values.items())
        Model = self.env[self.values_model]
        order = list(Model._fields)
        parts = []
        for name in sorted(values, key=lambda n: order.index(n) if n in order else 0):
            field = Model._fields.get(name)
            value = values[name]
            if not field:
                text = str(value)
            elif value is None or value is False:
                text = "—"
            elif field.type == "datetime":
                utc = datetime.fromisoformat(value).replace(tzinfo=None)
                text = format_datetime(self.env, utc, tz=self.env.tz.zone)
            elif field.type == "date":
                text = format_date(self.env, value)
            elif field.type == "selection":
                text = dict(field._description_selection(self.env)).get(value, value)
            elif field.type == "many2one":
                known = records.get(field.comodel_name, self.env[field.comodel_name])
                record = known.filtered(lambda r, value=value: r.id == value)
                text = record.display_name if record else f"#{value}"
            elif field.type == "many2many":
                known = records.get(field.comodel_name, self.env[field.comodel_name])
                text = (
                    ", ".join(
                        known.filtered(lambda r, value=value: r.id in value).mapped(
                            "display_name"
                        )
                    )
                    or "—"
                )
            elif field.type == "boolean":
                text = self.env._("Yes") if value else self.env._("No")
            else:
                text = str(value)
            label = field.get_description(self.env)["string"] if field else name
            parts.append(self.env._("%(label)s: %(value)s", label=label, value=text))
        return "; ".join(parts)

    def _anonymise_reasons(self):
        """Replace the reasons people wrote in these entries by a neutral
        marker. Kind, date, author, complaint and what the product wrote
        (labels, dates, the recipients of sharings, references of requests)
        stay. Called by the anonymisation, as the superuser under
        ``reclamation_anonymise``; returns the entries changed."""
        entries = self.filtered(
            lambda e: e.reason and e.kind not in self._GENERATED_REASON_KINDS
        )
        entries.write({"reason": self.env._("(anonymised)")})
        return entries

    def _anonymise_contact_values(self):
        """Blank the text values of the person's contact these entries
        recorded (the changes to a recent complainant's contact: a
        reference, a note... before and after), and their text. What
        changed, yes/no and choice values, links stay. Called by the
        anonymisation, as the superuser under ``reclamation_anonymise``."""
        Partner = self.env["res.partner"]
        records = None
        for entry in self.filtered(lambda e: e.values_model == "res.partner"):
            vals = {}
            for name in ("before", "after"):
                values = dict(entry[f"{name}_values"] or {})
                texts = [
                    field
                    for field in values
                    if field in Partner._fields
                    and Partner._fields[field].type in ("char", "text", "html")
                    and values[field]
                ]
                if texts:
                    values.update(dict.fromkeys(texts, None))
                    if records is None:
                        records = self._get_display_records()
                    vals[f"{name}_values"] = values
                    vals[name] = entry._render_values(values, records)
            if vals:
                entry.write(vals)

    @api.model
    def _serialize_values(self, model, values):
        """``values`` ({field: value} of ``model``) as typed JSON values:
        datetimes in ISO 8601 UTC, dates in ISO, records as ids, selections as
        their keys."""
        if not values:
            return None
        result = {}
        for name, value in values.items():
            if isinstance(value, models.BaseModel):
                value = value.id or None
            elif isinstance(value, datetime):
                value = value.strftime("%Y-%m-%dT%H:%M:%SZ")
            elif isinstance(value, date):
                value = value.isoformat()
            elif value is False and self.env[model]._fields[name].type != "boolean":
                value = None
            result[name] = value
        return result

    @api.model
    def _log(
        self,
        kind,
        tickets=None,
        before=None,
        after=None,
        reason=None,
        before_values=None,
        after_values=None,
        values_model="helpdesk.ticket",
    ):
        """Record a decision, in one insert for all the complaints concerned.
        Written as the superuser on behalf of the current user: the log has no
        write access for anyone.

        ``before``/``after`` are text; ``before_values``/``after_values`` the
        values themselves ({field of ``values_model``: value}), shown to each
        reader in their language and time zone. Each may be a function of the
        complaint."""
        user = self.env.user

        def get(value, ticket):
            return value(ticket) if callable(value) else value

        values = [
            {
                "kind": kind,
                "ticket_id": ticket.id,
                "company_id": ticket.company_id.id or self.env.company.id,
                "user_id": user.id,
                "before": get(before, ticket),
                "after": get(after, ticket),
                "values_model": values_model,
                "before_values": self._serialize_values(
                    values_model, get(before_values, ticket)
                ),
                "after_values": self._serialize_values(
                    values_model, get(after_values, ticket)
                ),
                "reason": reason,
            }
            for ticket in (tickets or [self.env["helpdesk.ticket"]])
        ]
        return self.sudo().create(values)
