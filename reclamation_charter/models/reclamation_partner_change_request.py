# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REQUEST_STATES = [
    ("draft", "Draft"),
    ("pending", "Waiting for approval"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("applied", "Applied"),
]


class ReclamationPartnerChangeRequest(models.Model):
    """A change to a contact who complained recently (charter article 7):
    archiving them, or changing one of the protected fields, takes effect
    only once a complaint manager other than the requester approved the
    written justification. Request, approval, refusal and application are
    logged as decisions."""

    _name = "reclamation.partner.change.request"
    _description = "Change to a Recent Complainant's Contact"
    _order = "id desc"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        help="The person who complained, whose contact is to change.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    request_archive = fields.Boolean(
        string="Archive the contact",
        help="The change asked for is to archive the contact.",
    )
    request_category_ids = fields.Many2many(
        comodel_name="res.partner.category",
        string="New tags",
        help="The tags the contact is to have (when tags are protected).",
    )
    request_category_change = fields.Boolean(
        string="Change the tags",
        help="The change asked for replaces the contact's tags by the new tags.",
    )
    has_other_fields = fields.Boolean(compute="_compute_has_other_fields")
    request_field_name = fields.Selection(
        selection="_selection_request_field_name",
        string="Other field to change",
        help="Another protected field of the contact to change (as set in the "
        "settings, e.g. a membership state or a blocking flag).",
    )
    request_value = fields.Char(
        string="New value",
        help="The new value of that field: for a yes/no field, yes or no; for a "
        "choice, the choice as shown; for a link, the name of the record.",
    )
    requested_values = fields.Json(
        compute="_compute_requested_values",
        store=True,
        readonly=True,
        help="The values to write on the contact, by field name.",
    )
    requested_changes = fields.Text(
        string="Requested change", compute="_compute_requested_changes"
    )
    justification = fields.Text(
        help="Why the change is needed, in writing: the approver reads it, and "
        "it is kept in the decision log.",
    )
    requester_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    request_date = fields.Datetime(string="Submitted on", readonly=True)
    approver_id = fields.Many2one(
        comodel_name="res.users",
        string="Decided by",
        readonly=True,
        ondelete="restrict",
        help="The complaint manager who approved or refused the change.",
    )
    decision_date = fields.Datetime(string="Decided on", readonly=True)
    refusal_reason = fields.Text(readonly=True)
    applied_date = fields.Datetime(string="Applied on", readonly=True)
    state = fields.Selection(
        selection=REQUEST_STATES, default="draft", required=True, readonly=True
    )

    @api.model
    def _selection_request_field_name(self):
        """The company's protected fields other than archiving and tags."""
        protected = self.env.company.sudo().reclamation_protected_field_ids
        return [
            (field.name, field.field_description)
            for field in protected
            if field.name not in ("active", "category_id")
        ]

    def _compute_has_other_fields(self):
        self.has_other_fields = bool(self._selection_request_field_name())

    def _convert_request_value(self):
        """``request_value`` as the JSON value of ``request_field_name``, or
        None when it is not a valid value of that field."""
        self.ensure_one()
        field = self.env["res.partner"]._fields.get(self.request_field_name or "")
        text = (self.request_value or "").strip()
        if not field:
            return None
        try:
            if field.type == "boolean":
                yes = {"1", "true", "yes", "y", "oui", "x"}
                no = {"0", "false", "no", "n", "non", ""}
                if text.lower() not in yes | no:
                    return None
                return text.lower() in yes
            if not text:
                return False
            if field.type == "integer":
                return int(text)
            if field.type in ("float", "monetary"):
                return float(text.replace(",", "."))
            if field.type == "selection":
                choices = field._description_selection(self.env)
                for key, label in choices:
                    if text in (key, label):
                        return key
                return None
            if field.type == "many2one":
                Comodel = self.env[field.comodel_name].sudo()
                record = Comodel.search([("display_name", "=", text)], limit=2)
                return record.id if len(record) == 1 else None
            if field.type == "date":
                return fields.Date.to_string(fields.Date.to_date(text))
            if field.type in ("char", "text"):
                return text
        except ValueError:
            return None
        return None

    @api.depends(
        "request_archive",
        "request_category_ids",
        "request_category_change",
        "request_field_name",
        "request_value",
    )
    def _compute_requested_values(self):
        for request in self:
            values = {
                name: value
                for name, value in (request.requested_values or {}).items()
                if name in ("active", "category_id")
            }
            if request.request_archive:
                values["active"] = False
            else:
                values.pop("active", None)
            if request.request_category_change:
                values["category_id"] = request.request_category_ids.ids
            else:
                values.pop("category_id", None)
            if request.request_field_name:
                value = request._convert_request_value()
                if value is not None:
                    values[request.request_field_name] = value
            request.requested_values = values

    @api.depends("requested_values", "partner_id")
    def _compute_requested_changes(self):
        for request in self:
            request.requested_changes = request._describe(
                request._get_requested_values()
            ) or self.env._("Nothing yet")

    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Change to %(partner)s", partner=request.partner_id.display_name
            )

    @api.constrains("state", "justification")
    def _check_justification(self):
        for request in self:
            if request.state != "draft" and not (request.justification or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give a written justification for the change to "
                        "%(partner)s: the approver reads it and it is logged.",
                        partner=request.partner_id.display_name,
                    )
                )

    # Set by the request's steps only (see write).
    _STEP_FIELDS = frozenset(
        {
            "partner_id",
            "company_id",
            "requester_id",
            "request_date",
            "approver_id",
            "decision_date",
            "refusal_reason",
            "applied_date",
            "state",
        }
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals.pop("state", None)
                vals.pop("requester_id", None)
                vals.pop("approver_id", None)
                # Computed from the request's fields.
                vals.pop("requested_values", None)
        return super().create(vals_list)

    def write(self, vals):
        """The steps (submit, approve, refuse, apply) are the request's own
        actions; its content changes only while it is a draft, through its
        fields (the requested values follow them)."""
        if not self.env.su:
            if "requested_values" in vals:
                raise UserError(
                    self.env._(
                        "The values a request asks for follow its fields: say "
                        "there what is to change on the contact."
                    )
                )
            if self._STEP_FIELDS.intersection(vals) or any(
                request.state != "draft" for request in self
            ):
                raise UserError(
                    self.env._(
                        "A submitted request does not change: approve or "
                        "refuse it, or make a new one."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(request.state != "draft" for request in self):
            raise UserError(
                self.env._("A submitted request is kept: it cannot be deleted.")
            )

    def _get_requested_values(self):
        """The requested values, as {field name: JSON value}."""
        self.ensure_one()
        return dict(self.requested_values or {})

    def _to_write_values(self):
        """The requested values, as values for ``res.partner.write``."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        values = {}
        for name, value in self._get_requested_values().items():
            field = Partner._fields[name]
            if field.type in ("many2many", "one2many"):
                values[name] = [(6, 0, value or [])]
            else:
                values[name] = value if value is not None else False
        return values

    def _current_values(self):
        """The contact's current values of the requested fields, as JSON."""
        self.ensure_one()
        partner = self.partner_id.sudo().with_context(active_test=False)
        values = {}
        for name in self._get_requested_values():
            field = partner._fields[name]
            value = partner[name]
            if field.type in ("many2many", "one2many"):
                value = value.ids
            elif field.type == "many2one":
                value = value.id or None
            values[name] = value
        return values

    def _log(self, kind, reason=None, before=True):
        """Log a step of these requests on the person's latest complaint."""
        Log = self.env["reclamation.decision.log"]
        for request in self:
            ticket = request.partner_id._reclamation_latest_complaint()
            current = request._current_values()
            Log._log(
                kind,
                ticket,
                before=request._describe(current) if before else None,
                after=request.requested_changes,
                before_values=current if before else None,
                after_values=request._get_requested_values(),
                values_model="res.partner",
                reason=reason,
            )

    def _describe(self, values):
        """``values`` ({field of res.partner: JSON value}) as text: only the
        fields a request may change (the contact's protected fields), with
        the names of the records the user may read."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        allowed = Partner._reclamation_protected_fields()
        parts = []
        for name, value in values.items():
            field = Partner._fields.get(name)
            if not field or name not in allowed:
                continue
            if field.type == "boolean":
                text = self.env._("Yes") if value else self.env._("No")
            elif field.type in ("many2many", "one2many", "many2one"):
                ids = value if isinstance(value, list) else [value] if value else []
                ids = [id_ for id_ in ids if isinstance(id_, int)]
                records = (
                    self.env[field.comodel_name]
                    .with_context(active_test=False)
                    .browse(ids)
                    .exists()
                    ._filtered_access("read")
                )
                text = ", ".join(records.mapped("display_name")) or "—"
            elif value is None or value is False:
                text = "—"
            else:
                text = str(value)
            label = field.get_description(self.env)["string"]
            parts.append(self.env._("%(label)s: %(value)s", label=label, value=text))
        return "; ".join(parts)

    def _check_manager(self):
        if not self.env.user.has_group("reclamation_charter.group_reclamation_manager"):
            raise AccessError(
                self.env._(
                    "Only a complaint manager approves or refuses a change to "
                    "the contact of a person who complained."
                )
            )

    def _check_state(self, states):
        for request in self:
            if request.state not in states:
                raise UserError(
                    self.env._(
                        "%(request)s is %(state)s: it cannot take this step.",
                        request=request.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[request.state],
                    )
                )

    def action_submit(self):
        """Send the request to the complaint managers for approval."""
        self._check_state(["draft"])
        for request in self:
            if (
                request.request_field_name
                and request.request_field_name not in request._get_requested_values()
            ):
                raise UserError(
                    self.env._(
                        "“%(value)s” is not a valid value for %(field)s.",
                        value=request.request_value or "",
                        field=dict(request._selection_request_field_name()).get(
                            request.request_field_name, request.request_field_name
                        ),
                    )
                )
            if not request._get_requested_values():
                raise UserError(
                    self.env._(
                        "Say what is to change on %(partner)s: archive the "
                        "contact or change a protected field.",
                        partner=request.partner_id.display_name,
                    )
                )
            allowed = request.partner_id._reclamation_protected_fields()
            unknown = set(request._get_requested_values()) - allowed
            if unknown:
                raise UserError(
                    self.env._(
                        "Only the protected fields of a contact are changed by "
                        "request: %(fields)s are not.",
                        fields=", ".join(sorted(unknown)),
                    )
                )
        self.check_access("write")
        # Checked just above: the request's author (or a manager) submits it.
        self.sudo().write({"state": "pending", "request_date": fields.Datetime.now()})
        for request in self:
            request._log("partner_change_request", reason=request.justification)
        return True

    def action_approve(self):
        """A complaint manager other than the requester approves: the change
        is applied at once."""
        self._check_manager()
        self._check_state(["pending"])
        if self.filtered(lambda r: r.requester_id == self.env.user):
            raise UserError(
                self.env._(
                    "You cannot approve your own request: another complaint "
                    "manager must approve it."
                )
            )
        # Checked just above: a complaint manager, not the requester.
        self.sudo().write(
            {
                "state": "approved",
                "approver_id": self.env.user.id,
                "decision_date": fields.Datetime.now(),
            }
        )
        self._log("partner_change_approval", reason=self.env._("Approved"))
        self._apply()
        return True

    def action_refuse(self, reason=None):
        """A complaint manager refuses the change: nothing changes on the
        contact."""
        self._check_manager()
        self._check_state(["pending"])
        # Checked just above: a complaint manager.
        self.sudo().write(
            {
                "state": "refused",
                "approver_id": self.env.user.id,
                "decision_date": fields.Datetime.now(),
                "refusal_reason": reason or False,
            }
        )
        self._log("partner_change_refusal", reason=reason or self.env._("Refused"))
        return True

    def _apply(self):
        """Write the approved values on the contacts, as the superuser: the
        approval was checked by the caller."""
        for request in self.filtered(lambda r: r.state == "approved"):
            before = request._current_values()
            request.partner_id.sudo().with_context(
                reclamation_partner_change=request.id, active_test=False
            ).write(request._to_write_values())
            request.sudo().write(
                {"state": "applied", "applied_date": fields.Datetime.now()}
            )
            ticket = request.partner_id._reclamation_latest_complaint()
            self.env["reclamation.decision.log"]._log(
                "partner_change_applied",
                ticket,
                before=request._describe(before),
                after=request.requested_changes,
                before_values=before,
                after_values=request._current_values(),
                values_model="res.partner",
                reason=request.justification,
            )
