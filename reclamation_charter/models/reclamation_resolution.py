# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import consteq, format_datetime

OUTCOMES = [
    ("upheld", "Upheld"),
    ("partly_upheld", "Partly upheld"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
    ("not_a_complaint", "Not a complaint"),
]
# Outcomes that refuse the customer all or part of what they asked: the
# response states the internal appeal and the mediator (charter article 4).
REJECTIONS = ("partly_upheld", "rejected")
OFFER_STATES = [
    ("pending", "Awaiting the customer's answer"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
]
ANSWER_CHANNELS = [
    ("portal", "Portal"),
    ("email", "Email link"),
    ("backend", "Recorded by the desk"),
]


class ReclamationResolution(models.Model):
    """A decision on a complaint, with its reasons (charter article 4): the
    first decision, then the decision on appeal. Once sent to the customer
    it is part of the record: nobody changes or deletes it; only the
    product's own operations (the customer's answer to an offer) write on
    it afterwards."""

    _name = "reclamation.resolution"
    _inherit = ["portal.mixin"]
    _description = "Complaint Decision"
    _order = "ticket_id, decided_on desc, id desc"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_complaint_desk', '=', True)]",
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, string="Company"
    )
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Customer", store=True
    )
    outcome = fields.Selection(
        selection=OUTCOMES,
        required=True,
        help="Upheld: the customer is right; partly upheld: right on some points "
        "only; rejected: the complaint is not founded; withdrawn: the customer "
        "withdrew it; not a complaint: a request for information or service.",
    )
    remedy_granted = fields.Text(
        string="Remedy granted",
        help="What the association does for the customer: refund, correction, "
        "apology, gesture... Leave empty when nothing is granted.",
    )
    rationale = fields.Text(
        string="Reasons",
        required=True,
        help="The reasons of the decision, written for the customer: they are "
        "in the response letter.",
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Decided by",
        required=True,
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
        help="Who took the decision: named in the response.",
    )
    decided_on = fields.Datetime(
        string="Decided on",
        readonly=True,
        copy=False,
        help="When the decision was sent to the customer.",
    )
    is_appeal = fields.Boolean(
        string="Decision on appeal",
        readonly=True,
        help="The decision on the customer's internal appeal: final within the "
        "association.",
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("sent", "Sent")],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    is_offer = fields.Boolean(
        string="Amicable offer",
        help="The decision proposes a solution the customer accepts or refuses, "
        "instead of imposing it.",
    )
    offer_state = fields.Selection(
        selection=OFFER_STATES,
        string="Offer",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    offer_answered_on = fields.Datetime(
        string="Offer answered on", readonly=True, copy=False
    )
    offer_answer_channel = fields.Selection(
        selection=ANSWER_CHANNELS, string="Offer answered through", readonly=True
    )
    report_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Letter",
        readonly=True,
        copy=False,
        ondelete="set null",
        # Every change of an attachment asks whether it is a sent letter.
        index="btree_not_null",
        help="The PDF letter sent to the customer.",
    )
    mediator_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The consumer mediator named in the response, as configured when "
        "it was sent.",
    )
    appeal_deadline = fields.Date(
        string="Appeal possible until",
        readonly=True,
        copy=False,
        help="The last day the customer may ask for an internal appeal, as "
        "stated in the response.",
    )

    @api.depends("ticket_id", "outcome", "is_appeal")
    def _compute_display_name(self):
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        for resolution in self:
            kind = (
                self.env._("Decision on appeal")
                if resolution.is_appeal
                else self.env._("Decision")
            )
            resolution.display_name = self.env._(
                "%(kind)s on %(ticket)s: %(outcome)s",
                kind=kind,
                ticket=resolution.ticket_id.sudo().display_name or "",
                outcome=labels.get(resolution.outcome, ""),
            )

    def _compute_access_url(self):
        # The complaint's page on the portal, where the decision is shown.
        for resolution in self:
            resolution.access_url = f"/my/complaints/{resolution.ticket_id.id}"

    def _portal_ensure_token(self):
        """The token of the letter's links, set as one of the product's
        operations (a sent decision is locked)."""
        if not self.access_token:
            self._write_resolution({"access_token": str(uuid.uuid4())})
        return self.access_token

    # Locking (charter article 9)

    # Fields the product writes on a sent decision, as the superuser, under
    # ``reclamation_resolution_operation``: the customer's answer to an
    # offer, and what sending it records.
    _SENT_WRITABLE_FIELDS = frozenset(
        {
            "state",
            "decided_on",
            "offer_state",
            "offer_answered_on",
            "offer_answer_channel",
            "report_attachment_id",
            "mediator_id",
            "appeal_deadline",
            "access_token",
        }
    )
    # Set only by sending the decision.
    _SEND_FIELDS = frozenset(
        {
            "state",
            "decided_on",
            "offer_state",
            "offer_answered_on",
            "offer_answer_channel",
            "report_attachment_id",
            "mediator_id",
            "appeal_deadline",
            "decided_by_id",
            "is_appeal",
        }
    )

    # What was written about the person: blanked when they are anonymised
    # (the outcome, its author and dates stay for statistics).
    _ANONYMISABLE_FIELDS = frozenset(
        {"remedy_granted", "rationale", "access_token", "report_attachment_id"}
    )

    def _get_sent_writable_fields(self):
        if self.env.context.get("reclamation_anonymise"):
            return self._SENT_WRITABLE_FIELDS | self._ANONYMISABLE_FIELDS
        return self._SENT_WRITABLE_FIELDS

    def _is_resolution_operation(self):
        return self.env.su and self.env.context.get("reclamation_resolution_operation")

    def _anonymise_texts(self):
        """Blank what the decisions say about the person. Called by the
        anonymisation of their complaints, as the superuser under
        ``reclamation_anonymise``."""
        if not (self.env.su and self.env.context.get("reclamation_anonymise")):
            raise AccessError(
                self.env._("Decisions are anonymised with their complaint only.")
            )
        return self.with_context(reclamation_resolution_operation=True).write(
            {
                "remedy_granted": False,
                "rationale": self.env._("(anonymised)"),
                "access_token": False,
                "report_attachment_id": False,
            }
        )

    def _write_resolution(self, vals):
        """Write as one of the product's operations: callers checked the
        user's right just before."""
        return (
            self.sudo().with_context(reclamation_resolution_operation=True).write(vals)
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_resolution_operation():
            for vals in vals_list:
                given = [
                    name
                    for name in self._SEND_FIELDS
                    if vals.get(name)
                    and name not in ("decided_by_id", "is_appeal")
                    and not (name == "state" and vals[name] == "draft")
                ]
                if given:
                    raise AccessError(
                        self.env._(
                            "A decision starts as a draft: it is sent, and its "
                            "offer answered, through the desk's actions only."
                        )
                    )
                if (
                    not self.env.su
                    and vals.get("decided_by_id", self.env.uid) != self.env.uid
                ):
                    raise AccessError(
                        self.env._("A decision is recorded by the person who takes it.")
                    )
        for vals in vals_list:
            self._check_rationale(vals.get("rationale"))
        resolutions = super().create(vals_list)
        resolutions._check_decision_rights()
        return resolutions

    def write(self, vals):
        if not self._is_resolution_operation():
            sent = self.filtered(lambda r: r.state == "sent")
            if sent:
                raise AccessError(
                    self.env._(
                        "%(decision)s was sent to the customer: it cannot be "
                        "changed.",
                        decision=sent[0].display_name,
                    )
                )
            if self._SEND_FIELDS.intersection(vals):
                raise AccessError(
                    self.env._(
                        "A decision is sent, and its offer answered, through "
                        "the desk's actions only."
                    )
                )
            if "ticket_id" in vals and any(
                r.ticket_id.id != vals["ticket_id"] for r in self
            ):
                raise UserError(
                    self.env._("A decision cannot move to another complaint.")
                )
        elif self.filtered(lambda r: r.state == "sent") and (
            set(vals) - self._get_sent_writable_fields()
        ):
            raise AccessError(
                self.env._("A decision sent to the customer cannot be changed.")
            )
        if "rationale" in vals:
            self._check_rationale(vals["rationale"])
        res = super().write(vals)
        if not self._is_resolution_operation():
            self._check_decision_rights()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(r.state == "sent" for r in self):
            raise AccessError(
                self.env._(
                    "A decision sent to the customer is kept as proof: it cannot "
                    "be deleted."
                )
            )

    @api.model
    def _check_rationale(self, rationale):
        if rationale is not None and not (rationale or "").strip():
            raise ValidationError(
                self.env._(
                    "A decision must give its reasons: write the rationale the "
                    "customer will read."
                )
            )

    def _check_decision_rights(self):
        """Complaint handlers who may change the complaint record its
        decisions; a decision on appeal is not taken by the author of the
        first decision."""
        if self.env.su:
            return
        if not self.env.user.has_group("reclamation_charter.group_reclamation_handler"):
            raise AccessError(
                self.env._("Only complaint handlers record decisions on complaints.")
            )
        self.ticket_id.check_access("write")
        for resolution in self:
            resolution._check_appeal_author(resolution.decided_by_id)

    def _check_appeal_author(self, user):
        self.ensure_one()
        if not (self.is_appeal or self.ticket_id.sudo().appeal_state == "requested"):
            return
        first = self.ticket_id.sudo()._get_first_decision()
        if first and first.decided_by_id == user:
            raise AccessError(
                self.env._(
                    "%(user)s took the first decision on %(ticket)s: the appeal "
                    "is decided by another handler.",
                    user=user.name,
                    ticket=self.ticket_id.sudo().display_name,
                )
            )

    # Offers (charter article 4: an amicable solution)

    def _get_offer_url(self, accept):
        """The link of the response letter by which the customer accepts
        (``accept`` True) or refuses the offer: a page of the portal asks them
        to confirm (POST with CSRF); the token identifies the decision."""
        self.ensure_one()
        # Called by the mail template (superuser) on a decision being sent.
        resolution = self.sudo()
        resolution._portal_ensure_token()
        answer = "accept" if accept else "refuse"
        return (
            f"{resolution.get_base_url()}/my/complaints/{resolution.ticket_id.id}"
            f"/offer/{resolution.id}/{answer}?"
            f"{url_encode({'access_token': resolution.access_token})}"
        )

    def _check_offer_token(self, token):
        """Raise AccessError unless ``token`` is this decision's."""
        self.ensure_one()
        # Only the token is read, to compare it.
        expected = self.sudo().access_token
        # Compared as bytes: a token with non-ASCII characters is wrong, not
        # an error.
        if not (token and expected and consteq(str(token).encode(), expected.encode())):
            raise AccessError(self.env._("This link is not valid for this offer."))

    def _answer_offer_from_token(self, token, accept, ticket_id=None):
        """The customer's answer through the link of the letter (portal
        route, public or logged in): the token is checked (and the complaint
        of the link, when given), then the answer is recorded as the
        superuser. Raises AccessError on a wrong link, UserError when the
        offer was already answered."""
        self.ensure_one()
        resolution = self.sudo().exists()
        if not resolution or (ticket_id and resolution.ticket_id.id != int(ticket_id)):
            raise AccessError(self.env._("This link is not valid for this offer."))
        resolution._check_offer_token(token)
        # The token identifies the customer's decision: checked just above.
        return resolution._answer_offer(accept, "email")

    def _check_offer_answer_rights(self, channel):
        """On the portal, the customer (or the person represented) answers;
        in the backend, a handler who may change the complaint records the
        answer the customer gave; the email link was checked by its token."""
        if self.env.su:
            return
        ticket = self.ticket_id
        if channel == "portal":
            ticket.check_access("read")
            partner = self.env.user.partner_id
            if partner not in (ticket.partner_id | ticket.represented_partner_id):
                raise AccessError(self.env._("Only the customer can answer the offer."))
            return
        if channel == "backend":
            if not self.env.user.has_group(
                "reclamation_charter.group_reclamation_handler"
            ):
                raise AccessError(
                    self.env._("Only complaint handlers record the customer's answer.")
                )
            ticket.check_access("write")
            return
        raise AccessError(
            self.env._("The answer by email goes through the link of the letter.")
        )

    def _answer_offer(self, accept, channel):
        """Record the customer's answer to the offer, once: accepted, the
        complaint is closed as resolved amicably; refused, it goes back to
        its owner with a new answer deadline from its policy."""
        self.ensure_one()
        if channel not in dict(ANSWER_CHANNELS):
            raise UserError(self.env._("Unknown answer channel."))
        self._check_offer_answer_rights(channel)
        # The user's right was checked just above.
        resolution = self.sudo()
        if not resolution.is_offer or resolution.state != "sent":
            raise UserError(
                self.env._(
                    "%(decision)s is not an offer awaiting the customer's answer.",
                    decision=resolution.display_name,
                )
            )
        if resolution.offer_state != "pending":
            states = dict(self._fields["offer_state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The offer was already answered (%(state)s on %(date)s): it "
                    "cannot be answered again.",
                    state=states.get(resolution.offer_state, ""),
                    date=format_datetime(self.env, resolution.offer_answered_on),
                )
            )
        ticket = resolution.ticket_id
        resolution._write_resolution(
            {
                "offer_state": "accepted" if accept else "refused",
                "offer_answered_on": fields.Datetime.now(),
                "offer_answer_channel": channel,
            }
        )
        ticket._apply_offer_answer(resolution, accept, channel)
        return True

    # Sending (charter article 4)

    def _check_send(self):
        """Everything that must hold before the decision leaves: refused
        with a clear message, nothing changed."""
        self.ensure_one()
        ticket = self.ticket_id.sudo()
        if self.state != "draft":
            raise UserError(
                self.env._("%(decision)s was already sent.", decision=self.display_name)
            )
        if not ticket.is_complaint_desk:
            raise UserError(
                self.env._(
                    "%(ticket)s is not a complaint: record no decision on it.",
                    ticket=ticket.display_name,
                )
            )
        ticket._check_processing_allowed(self.env._("sending a decision"))
        if ticket.closed:
            raise UserError(
                self.env._(
                    "%(ticket)s is closed: a decision is sent on an open complaint.",
                    ticket=ticket.display_name,
                )
            )
        if ticket._reclamation_pending_offer():
            raise UserError(
                self.env._(
                    "%(ticket)s has an amicable offer awaiting the customer's "
                    "answer: record the answer first.",
                    ticket=ticket.display_name,
                )
            )
        if self.is_appeal and ticket.appeal_state != "requested":
            raise UserError(
                self.env._(
                    "No appeal was requested on %(ticket)s.",
                    ticket=ticket.display_name,
                )
            )
        self._check_appeal_author(self.env.user)
        company = ticket.company_id
        names_mediator = self.outcome in REJECTIONS or (
            self.is_appeal or ticket.appeal_state == "requested"
        )
        if names_mediator and company.reclamation_mediator_id:
            missing = company._reclamation_mediator_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "The consumer mediator %(mediator)s lacks a %(missing)s: "
                        "complete it before sending the decision, which gives it "
                        "to the customer.",
                        mediator=company.reclamation_mediator_id.display_name,
                        missing=", ".join(missing),
                    )
                )
        if names_mediator and not company.reclamation_mediator_id:
            raise UserError(
                self.env._(
                    "A full or partial rejection, like a decision on appeal, "
                    "names the consumer mediator the customer can turn to, and "
                    "%(company)s has none: set the mediator in the Settings of "
                    "the complaint desk, then send the decision.",
                    company=ticket.company_id.display_name,
                )
            )

    def action_send(self):
        """Send the decision: the response letter (with its PDF) is queued
        for the customer in their language, the decision is locked, the
        complaint moves to its desk's answered stage and the decision is
        logged."""
        for resolution in self:
            resolution._check_decision_rights()
            resolution._check_send()
            # The user's right and the decision were checked just above.
            resolution_sudo = resolution.sudo()
            ticket = resolution_sudo.ticket_id
            company = ticket.company_id
            vals = {
                "state": "sent",
                "decided_on": fields.Datetime.now(),
                "offer_state": "pending" if resolution.is_offer else False,
            }
            if not self.env.su:
                # Who sends it decides; the superuser (demo data, scripts)
                # sends on behalf of the recorded author.
                vals["decided_by_id"] = self.env.user.id
            if ticket.appeal_state == "requested":
                vals["is_appeal"] = True
            is_appeal = vals.get("is_appeal") or resolution.is_appeal
            if resolution.outcome in REJECTIONS or is_appeal:
                # The decision on appeal repeats the mediator in any case.
                vals["mediator_id"] = company.reclamation_mediator_id.id
            # One appeal per complaint: once decided, no new window opens.
            if resolution.outcome in REJECTIONS and ticket.appeal_state != "decided":
                if not is_appeal and not resolution.is_offer:
                    vals["appeal_deadline"] = ticket._reclamation_appeal_deadline(
                        company
                    )
            resolution_sudo._portal_ensure_token()
            resolution_sudo._write_resolution(vals)
            ticket._apply_decision_sent(resolution_sudo)
            resolution_sudo._post_response_letter()
        return True

    def _render_letter_pdf(self, lang=None):
        """The PDF letter of this decision, in ``lang``: (content, type)."""
        self.ensure_one()
        return (
            self.env["ir.actions.report"]
            .with_context(lang=lang or None)
            ._render_qweb_pdf(
                "reclamation_charter.action_report_reclamation_resolution", self.ids
            )
        )

    def _post_response_letter(self):
        """Post the response to the customer on the complaint: rendered from
        its template in the customer's language, with the PDF letter, queued
        (nothing is sent inside the user's transaction)."""
        self.ensure_one()
        ticket = self.ticket_id
        # In the template's language (the customer's contact's), else the
        # complaint's letter language.
        default_lang = ticket._get_letter_lang()
        template = self.env.ref(
            "reclamation_charter.mail_template_resolution_response"
        ).with_context(lang=default_lang)
        values = template._generate_template(
            self.ids,
            (
                "subject",
                "body_html",
                "email_from",
                "reply_to",
                "partner_to",
                "email_to",
            ),
        )[self.id]
        lang = template._render_lang(self.ids)[self.id] or default_lang
        content, report_type = self._render_letter_pdf(lang)
        extension = "pdf" if report_type == "pdf" else "html"
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Decision %(ticket)s.%(extension)s",
                    ticket=ticket.number or ticket.id,
                    extension=extension,
                ),
                "raw": content,
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
                "mimetype": "application/pdf" if report_type == "pdf" else "text/html",
            }
        )
        self._write_resolution({"report_attachment_id": attachment.id})
        ticket._wake_mail_queue()
        ticket._post_letter(
            template,
            dict(values, attachment_ids=attachment.ids),
            lang,
            message_type="comment",
        )

    def action_answer_offer_accept(self):
        """The desk records that the customer accepted the offer (by phone,
        post...)."""
        self.ensure_one()
        return self._answer_offer(True, "backend")

    def action_answer_offer_refuse(self):
        self.ensure_one()
        return self._answer_offer(False, "backend")

    def action_download_letter(self):
        self.ensure_one()
        return self.env.ref(
            "reclamation_charter.action_report_reclamation_resolution"
        ).report_action(self)
