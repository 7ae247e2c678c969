# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import email_normalize, format_date

ANSWER_MONTHS = 1
MAX_EXTENDED_MONTHS = 3
REQUEST_TYPES = [
    ("access", "Access and portability"),
    ("rectification", "Rectification"),
    ("erasure", "Erasure"),
    ("restriction", "Restriction of processing"),
]
# What a person asks from the portal; access is the download of their data.
PORTAL_REQUEST_TYPES = ("erasure", "restriction", "rectification")
# Requests of these types are not asked twice while one is open.
PORTAL_SINGLE_OPEN_TYPES = ("erasure", "restriction")
PORTAL_MAX_OPEN_REQUESTS = 10
PORTAL_DETAILS_MAX_LENGTH = 5000


class ReclamationDataRequest(models.Model):
    """A data-subject request about complaints (GDPR articles 12 to 18),
    answered within one month of receipt, extendable to three months with a
    recorded reason."""

    _name = "reclamation.data.request"
    _description = "Data-Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "deadline, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    request_type = fields.Selection(
        selection=REQUEST_TYPES, string="Right", required=True, tracking=True
    )
    details = fields.Text(
        string="What the person asks",
        help="The request in the person's words: for a rectification, what is "
        "wrong and what it should be.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
    )
    email = fields.Char(
        tracking=True,
        help="The person's email address, when they have no contact or wrote "
        "from another address.",
    )
    email_normalized = fields.Char(
        compute="_compute_email_normalized", store=True, index="btree_not_null"
    )
    received_date = fields.Date(
        string="Received on",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    extended_deadline = fields.Date(readonly=True, copy=False, tracking=True)
    extension_reason = fields.Text(readonly=True, copy=False)
    deadline = fields.Date(
        string="Answer by",
        compute="_compute_deadline",
        store=True,
        index=True,
        help="One month after receipt, or the extended date (at most three "
        "months after receipt).",
    )
    state = fields.Selection(
        selection=[
            ("new", "New"),
            ("in_progress", "In progress"),
            ("done", "Answered"),
            ("refused", "Refused"),
        ],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    answer = fields.Text(
        help="What the person was answered; for a refusal, the reason and their "
        "right to complain to the supervisory authority."
    )
    answered_date = fields.Date(readonly=True, copy=False)
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        string="Complaints",
        compute="_compute_ticket_ids",
        help="The complaints the request acts on: those of the person's "
        "contact, and those found by email address that were confirmed as "
        "theirs.",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_ids")
    candidate_ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        string="Found by email address",
        compute="_compute_ticket_ids",
        help="Complaints with the person's email address but not linked to "
        "their contact. Anyone can give any address as theirs: the request "
        "acts on them only once you have checked they are the person's and "
        "confirmed them.",
    )
    confirmed_ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="reclamation_data_request_confirmed_ticket_rel",
        column1="request_id",
        column2="ticket_id",
        string="Confirmed as the person's",
        copy=False,
        tracking=True,
        help="Complaints found by email address that you checked are the "
        "person's: the request acts on them too.",
    )
    export_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Export",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Handled by",
        default=lambda self: self.env.user,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )

    @api.depends("email", "partner_id.email")
    def _compute_email_normalized(self):
        for request in self:
            request.email_normalized = email_normalize(
                request.email or request.partner_id.email or ""
            )

    @api.depends("received_date", "extended_deadline")
    def _compute_deadline(self):
        for request in self:
            request.deadline = request.extended_deadline or (
                request.received_date
                and request.received_date + relativedelta(months=ANSWER_MONTHS)
            )

    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_late = (
                request.state in ("new", "in_progress") and request.deadline < today
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        late = Domain("state", "in", ["new", "in_progress"]) & Domain(
            "deadline", "<", today
        )
        return late if (operator == "=") == value else ~late

    @api.depends("partner_id", "email_normalized", "confirmed_ticket_ids")
    def _compute_ticket_ids(self):
        """The complaints of the contact are the person's: whoever asks from
        the portal is logged in as them. Those found by the address only are
        candidates until confirmed, whatever the address: a person can give
        anyone's as theirs."""
        Ticket = self.env["helpdesk.ticket"]
        for request in self:
            tickets = (
                Ticket._find_for_contact(request.partner_id)
                | request.confirmed_ticket_ids
            )
            request.ticket_ids = tickets
            request.ticket_count = len(tickets)
            request.candidate_ticket_ids = (
                Ticket._find_by_email(request.email_normalized) - tickets
            )

    @api.constrains("confirmed_ticket_ids")
    def _check_confirmed_tickets(self):
        Ticket = self.env["helpdesk.ticket"]
        for request in self:
            # An anonymised complaint has lost its address: it stays linked
            # as what the request acted on.
            confirmed = request.confirmed_ticket_ids.filtered(
                lambda t: t.retention_phase != "anonymised"
            )
            if confirmed - Ticket._find_by_email(request.email_normalized):
                raise ValidationError(
                    self.env._(
                        "Only complaints found by the person's email address "
                        "can be confirmed as theirs."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id") and not email_normalize(
                vals.get("email") or ""
            ):
                raise UserError(
                    self.env._(
                        "A data-subject request needs the person: choose the "
                        "contact or give a valid email address."
                    )
                )
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "reclamation.data.request"
                )
        return super().create(vals_list)

    # Portal

    @api.model
    def _create_from_portal(self, partner, request_type, details=None):
        """The request ``partner`` makes on the portal, about themselves:
        erasure, restriction or rectification (with what to correct). The
        one-month clock starts today. Called as the person; created as the
        superuser once checked (portal users have no access to requests)."""
        user = self.env.user
        if not self.env.su and not (
            user.share and not user._is_public() and user.partner_id == partner
        ):
            raise AccessError(
                self.env._("Only the person can make a request about their data.")
            )
        rights = dict(self._fields["request_type"]._description_selection(self.env))
        if request_type not in PORTAL_REQUEST_TYPES:
            raise UserError(
                self.env._(
                    "Choose what you ask: erasure, restriction of processing or "
                    "rectification of your data."
                )
            )
        # PostgreSQL refuses NUL characters in a text.
        details = (details if isinstance(details, str) else "").replace("\x00", "")
        details = details.strip()
        if request_type == "rectification" and not details:
            raise UserError(
                self.env._(
                    "Tell us what is wrong in your data and what it should be, "
                    "so that we can correct it."
                )
            )
        if len(details) > PORTAL_DETAILS_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "Your request is too long: %(max)s characters at most.",
                    max=PORTAL_DETAILS_MAX_LENGTH,
                )
            )
        # sudo: reclamation.data.request - the caller is the person, checked
        # above; the search is filtered on them only.
        open_requests = self.sudo().search(
            [("partner_id", "=", partner.id), ("state", "in", ("new", "in_progress"))]
        )
        same = open_requests.filtered(lambda r: r.request_type == request_type)
        if request_type in PORTAL_SINGLE_OPEN_TYPES and same:
            raise UserError(
                self.env._(
                    "Your request %(ref)s (%(right)s) is already being handled: "
                    "we answer it by %(deadline)s.",
                    ref=same[0].name,
                    right=rights[request_type],
                    deadline=format_date(self.env, same[0].deadline),
                )
            )
        if len(open_requests) >= PORTAL_MAX_OPEN_REQUESTS:
            raise UserError(
                self.env._(
                    "You have %(count)s requests being handled: we answer them "
                    "first. Write to us if something is urgent.",
                    count=len(open_requests),
                )
            )
        # sudo: reclamation.data.request - the person was checked above; the
        # request is theirs, nobody handles it yet.
        request = (
            self.sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "request_type": request_type,
                    "partner_id": partner.id,
                    "details": details or False,
                    "user_id": False,
                }
            )
        )
        request.message_post(
            body=self.env._(
                "Request made by %(person)s on the portal.",
                person=partner.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return request.sudo(False)

    @api.model
    def _get_portal_requests(self, partner):
        """The requests of ``partner``, for their portal page: read as the
        superuser (portal users have no access to requests), strictly those
        whose person is ``partner``."""
        # sudo: reclamation.data.request - filtered on the person only; the
        # caller shows a person their own requests.
        return self.sudo().search([("partner_id", "=", partner.id)], order="id desc")

    # Clock

    def _extend(self, new_deadline, reason):
        """Extend the answer deadline, at most to three months after
        receipt, with the reason the person will be told."""
        self.ensure_one()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the extension."))
        limit = self.received_date + relativedelta(months=MAX_EXTENDED_MONTHS)
        if not new_deadline or new_deadline <= self.deadline:
            raise UserError(
                self.env._("The new deadline must come after the current one.")
            )
        if new_deadline > limit:
            raise UserError(
                self.env._(
                    "A request is answered within three months of receipt at "
                    "most: the deadline cannot go past %(limit)s.",
                    limit=format_date(self.env, limit),
                )
            )
        before = self.deadline
        self.write({"extended_deadline": new_deadline, "extension_reason": reason})
        self.env["reclamation.decision.log"]._log(
            "request_extension",
            self.ticket_ids,
            before=f"{self.name}: {format_date(self.env, before)}",
            after=f"{self.name}: {format_date(self.env, new_deadline)}",
            values_model=self._name,
            before_values={"name": self.name, "deadline": before},
            after_values={"name": self.name, "deadline": new_deadline},
            reason=reason,
        )

    # Answers

    def _check_has_complaints(self):
        rights = dict(self._fields["request_type"]._description_selection(self.env))
        for request in self:
            if request.ticket_ids:
                continue
            if request.candidate_ticket_ids:
                raise UserError(
                    self.env._(
                        "No complaint is confirmed as this person's: "
                        "%(count)s complaint(s) were found by their email "
                        "address only. Check they are the person's and confirm "
                        "them in the request first.",
                        count=len(request.candidate_ticket_ids),
                    )
                )
            raise UserError(
                self.env._(
                    "No complaint concerns this person: this request "
                    "(%(right)s) has nothing to act on. Answer it saying so.",
                    right=rights[request.request_type],
                )
            )

    def action_start(self):
        self.filtered(lambda r: r.state == "new").write({"state": "in_progress"})
        return True

    def action_export(self):
        """Produce the ZIP of everything held about the person and attach
        it to the request."""
        for request in self:
            request._check_has_complaints()
            filename, content = self.env["reclamation.privacy"]._export_zip(
                request.ticket_ids, request.partner_id, request.email, request.name
            )
            attachment = self.env["ir.attachment"].create(
                {
                    "name": filename,
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": request.id,
                    "mimetype": "application/zip",
                }
            )
            request.write({"export_attachment_id": attachment.id})
            request.action_start()
        return True

    def action_erase(self):
        for request in self:
            request._check_has_complaints()
            request.ticket_ids._anonymise(
                self.env._("Erasure request %(ref)s", ref=request.name)
            )
            request._answer(self.env._("The complaints were anonymised."))
        return True

    def action_restrict(self):
        for request in self:
            request._check_has_complaints()
            request.ticket_ids._restrict_processing(
                self.env._("Restriction request %(ref)s", ref=request.name)
            )
            request.action_start()
        return True

    def action_lift_restriction(self):
        for request in self:
            request.ticket_ids.filtered("processing_restricted")._lift_restriction(
                self.env._("Restriction request %(ref)s ended", ref=request.name)
            )
        return True

    def action_open_complaints(self):
        """Rectification happens on the complaints' own forms; changes made
        from here are logged against this request."""
        self.ensure_one()
        self._check_has_complaints()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaints of the person"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("id", "in", self.ticket_ids.ids)],
            "context": {
                "reclamation_rectification_reason": self.env._(
                    "Rectification request %(ref)s", ref=self.name
                ),
                "active_test": False,
            },
        }

    def action_done(self):
        for request in self:
            request._answer(self.env._("Answered."))
        return True

    def action_refuse(self):
        for request in self:
            if not (request.answer or "").strip():
                raise UserError(
                    self.env._(
                        "Write the reason for the refusal in the answer before "
                        "refusing the request."
                    )
                )
            request.write(
                {"state": "refused", "answered_date": fields.Date.context_today(self)}
            )
        return True

    def _answer(self, answer):
        """Close the request; ``answer`` is kept unless one was written."""
        self.write(
            {
                "state": "done",
                "answer": self.answer or answer,
                "answered_date": fields.Date.context_today(self),
            }
        )

    def action_open_extension_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_request_extension_action"
        )
        action["context"] = {"default_request_id": self.id}
        return action
