# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Satisfaction survey after closure (charter article 6, ISO 10004): the
invitation to Odoo's survey, its reminder and the scores the customer gave."""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date, plaintext2html

_logger = logging.getLogger(__name__)

SATISFACTION_BATCH_SIZE = 200
# A score at or below it opens a review for a complaint manager.
LOW_SATISFACTION_SCORE = 2
# survey.question.reclamation_satisfaction_item -> the complaint's field.
SATISFACTION_SCORE_FIELDS = {
    "overall": "satisfaction_score",
    "listening": "satisfaction_listening_score",
    "clarity": "satisfaction_clarity_score",
    "deadlines": "satisfaction_deadlines_score",
    "fairness": "satisfaction_fairness_score",
}

SATISFACTION_STATES = [
    ("none", "Not sent"),
    ("sent", "Sent"),
    ("reminded", "Reminded"),
    ("answered", "Answered"),
    ("expired", "Expired"),
]


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    satisfaction_user_input_id = fields.Many2one(
        comodel_name="survey.user_input",
        string="Satisfaction survey answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The customer's invitation to the satisfaction survey sent after "
        "closure, and their answers.",
    )
    satisfaction_state = fields.Selection(
        selection=SATISFACTION_STATES,
        string="Satisfaction survey",
        default="none",
        readonly=True,
        copy=False,
        index=True,
        help="Where the satisfaction survey of this complaint stands: sent "
        "after closure, reminded once, answered, or expired unanswered.",
    )
    satisfaction_sent_date = fields.Datetime(
        string="Survey sent on", readonly=True, copy=False
    )
    satisfaction_reminded_date = fields.Datetime(
        string="Survey reminder sent on", readonly=True, copy=False
    )
    satisfaction_answered_on = fields.Datetime(
        string="Survey answered on", readonly=True, copy=False
    )
    satisfaction_score = fields.Integer(
        string="Overall satisfaction",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The overall score the customer gave, from 1 to 5 (empty when "
        "not answered).",
    )
    satisfaction_listening_score = fields.Integer(
        string="Listening and respect",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for listening and respect.",
    )
    satisfaction_clarity_score = fields.Integer(
        string="Clarity of the information",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for the clarity of the "
        "information given.",
    )
    satisfaction_deadlines_score = fields.Integer(
        string="Keeping to the deadlines",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for keeping to the deadlines.",
    )
    satisfaction_fairness_score = fields.Integer(
        string="Fairness of the outcome",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score, from 1 to 5, for the fairness of the outcome.",
    )

    # The survey and its invitation

    def _get_satisfaction_survey(self, default=None):
        """The survey this complaint's customer is invited to: the desk's
        own, else the one the product ships (``default``, when the caller
        looked it up already)."""
        self.ensure_one()
        if default is None:
            default = self.env.ref(
                "reclamation_charter.survey_complaint_satisfaction",
                raise_if_not_found=False,
            )
        return self.team_id.sudo().reclamation_survey_id or default

    def _get_satisfaction_survey_url(self):
        """The customer's own link to answer the survey (their invitation's
        token: nobody else's answers can land on this complaint)."""
        self.ensure_one()
        user_input = self.sudo().satisfaction_user_input_id
        if not user_input:
            return ""
        return self.get_base_url() + user_input.get_start_url()

    def _is_satisfaction_survey_open(self):
        """Whether the customer can still answer the survey."""
        self.ensure_one()
        user_input = self.sudo().satisfaction_user_input_id
        return bool(
            self.satisfaction_state in ("sent", "reminded")
            and user_input
            and user_input.state != "done"
            and (not user_input.deadline or user_input.deadline > fields.Datetime.now())
        )

    def _get_satisfaction_recipient_lang(self):
        self.ensure_one()
        return self._get_letter_lang()

    @api.model
    def _get_satisfaction_refusals(self):
        """(contacts, complaints) who refused the satisfaction follow-up:
        their latest consent to it is withdrawn (see reclamation.consent).
        Read once per run of the job."""
        purpose = self.env.ref(
            "reclamation_charter.consent_purpose_satisfaction",
            raise_if_not_found=False,
        )
        if not purpose:
            return set(), set()
        consents = (
            self.env["reclamation.consent"]
            .sudo()
            .search_fetch(
                [("purpose_id", "=", purpose.id)],
                ["partner_id", "ticket_id", "state", "given_date"],
                order="given_date, id",
            )
        )
        latest = {}
        for consent in consents:
            if consent.partner_id:
                latest[("partner", consent.partner_id.id)] = consent.state
            if consent.ticket_id:
                latest[("ticket", consent.ticket_id.id)] = consent.state
        partners = {
            key[1]
            for key, st in latest.items()
            if key[0] == "partner" and st == "withdrawn"
        }
        tickets = {
            key[1]
            for key, st in latest.items()
            if key[0] == "ticket" and st == "withdrawn"
        }
        return partners, tickets

    @api.model
    def _get_satisfaction_base_domain(self, refusals):
        """Complaints whose customer may receive a survey or its reminder:
        not restricted, not anonymised, not refused, with an address."""
        refused_partners, refused_tickets = refusals
        domain = (
            Domain("is_charter_complaint", "=", True)
            & Domain("processing_restricted", "=", False)
            & Domain("anonymised_date", "=", False)
            & Domain("retention_phase", "!=", "anonymised")
            & (
                Domain("partner_id.email", "!=", False)
                | Domain("partner_email", "!=", False)
            )
        )
        if refused_partners:
            domain &= Domain("partner_id", "not in", list(refused_partners))
        if refused_tickets:
            domain &= Domain("id", "not in", list(refused_tickets))
        return domain

    @api.model
    def _get_satisfaction_invite_domain(self, now, refusals):
        """Closed complaints due for their invitation: closed at least the
        company's delay ago (and not so long ago that the survey would have
        closed already), never invited, not withdrawn by the customer."""
        by_company = []
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("reclamation_survey_delay_days", ">=", 0)])
        )
        for company in companies:
            delay = timedelta(days=company.reclamation_survey_delay_days)
            validity = timedelta(days=company.reclamation_survey_validity_days)
            by_company.append(
                Domain("company_id", "=", company.id)
                & Domain("closed_date", "<=", now - delay)
                & Domain("closed_date", ">", now - delay - validity)
            )
        domain = Domain.TRUE
        withdrawn = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            raise_if_not_found=False,
        )
        if withdrawn:
            domain = Domain("stage_id", "!=", withdrawn.id)
        return (
            domain
            & self._get_satisfaction_base_domain(refusals)
            & Domain("closed", "=", True)
            & Domain("satisfaction_state", "=", "none")
            & Domain("satisfaction_user_input_id", "=", False)
            & Domain.OR(by_company or [Domain.FALSE])
        )

    @api.model
    def _get_satisfaction_reminder_domain(self, now, refusals):
        """Invitations still unanswered the company's reminder delay after
        they were sent, and still open: reminded once."""
        by_company = []
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("reclamation_survey_reminder_days", ">", 0)])
        )
        for company in companies:
            delay = timedelta(days=company.reclamation_survey_reminder_days)
            by_company.append(
                Domain("company_id", "=", company.id)
                & Domain("satisfaction_sent_date", "<=", now - delay)
            )
        return (
            self._get_satisfaction_base_domain(refusals)
            & Domain("satisfaction_state", "=", "sent")
            & Domain("satisfaction_reminded_date", "=", False)
            & Domain(
                "satisfaction_user_input_id",
                "any",
                Domain("state", "!=", "done") & Domain("deadline", ">", now),
            )
            & Domain.OR(by_company or [Domain.FALSE])
        )

    def _send_satisfaction_surveys(self):
        """Create each complaint's invitation with the survey's machinery
        and queue the invitation letter, in the customer's language. The job
        runs as the superuser; anyone else must be able to change the
        complaints."""
        self.check_access("write")
        # The job selects them (see _get_satisfaction_invite_domain); checked
        # again for any other caller.
        tickets = self.filtered(
            lambda t: t.satisfaction_state == "none"
            and not t.satisfaction_user_input_id
            and t.closed
            and not t.processing_restricted
            and t.retention_phase != "anonymised"
        )
        if not tickets:
            return tickets
        now = fields.Datetime.now()
        UserInput = (
            self.env["survey.user_input"]
            .sudo()
            .with_context(
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                tracking_disable=True,
            )
        )
        langs = {
            code: self.env["res.lang"]._lang_get(code)
            for code in {t._get_satisfaction_recipient_lang() for t in tickets}
        }
        default_survey = self.env.ref(
            "reclamation_charter.survey_complaint_satisfaction",
            raise_if_not_found=False,
        )
        by_survey = defaultdict(lambda: self.browse())
        for ticket in tickets:
            by_survey[ticket._get_satisfaction_survey(default_survey)] |= ticket
        for survey, survey_tickets in by_survey.items():
            if not survey:
                continue
            survey = survey.sudo()
            # The survey's own checks (open, invitation-only access...).
            survey._check_answer_creation(
                False, survey_tickets[:1].partner_id, False, check_attempts=False
            )
            vals_list = []
            for ticket in survey_tickets:
                validity = ticket.company_id.reclamation_survey_validity_days
                partner = ticket.partner_id
                vals_list.append(
                    {
                        "survey_id": survey.id,
                        "test_entry": False,
                        "is_session_answer": False,
                        "partner_id": partner.id or False,
                        "email": partner.email or ticket.partner_email,
                        "nickname": partner.name or ticket.partner_name,
                        # One answer per invitation: its own pool of attempts.
                        "invite_token": UserInput._generate_invite_token(),
                        "deadline": now + timedelta(days=validity),
                        "lang_id": langs[ticket._get_satisfaction_recipient_lang()].id,
                    }
                )
            user_inputs = UserInput.create(vals_list)
            # As survey._create_answer does for surveys that record them.
            questions = survey.question_ids.filtered(
                lambda q: q.question_type == "char_box"
                and (q.save_as_email or q.save_as_nickname)
            )
            for question in questions:
                for user_input in user_inputs:
                    if question.save_as_email and user_input.email:
                        user_input._save_lines(question, user_input.email)
                    if question.save_as_nickname and user_input.nickname:
                        user_input._save_lines(question, user_input.nickname)
            for ticket, user_input in zip(survey_tickets, user_inputs, strict=True):
                ticket._write_managed(
                    {
                        "satisfaction_user_input_id": user_input.id,
                        "satisfaction_state": "sent",
                        "satisfaction_sent_date": now,
                    }
                )
        sent = tickets.filtered("satisfaction_user_input_id")
        sent._post_customer_letter(
            self.env.ref("reclamation_charter.mail_template_satisfaction_survey")
        )
        return sent

    def _send_satisfaction_reminders(self):
        """Queue the one reminder of unanswered invitations."""
        self.check_access("write")
        tickets = self.filtered(
            lambda t: t.satisfaction_state == "sent"
            and not t.satisfaction_reminded_date
            and t._is_satisfaction_survey_open()
        )
        if not tickets:
            return tickets
        tickets._post_customer_letter(
            self.env.ref(
                "reclamation_charter.mail_template_satisfaction_survey_reminder"
            )
        )
        tickets._write_managed(
            {
                "satisfaction_state": "reminded",
                "satisfaction_reminded_date": fields.Datetime.now(),
            }
        )
        return tickets

    @api.model
    def _expire_satisfaction_surveys(self, now):
        """Invitations past their deadline without an answer are closed."""
        expired = self.search(
            Domain("satisfaction_state", "in", ["sent", "reminded"])
            & Domain(
                "satisfaction_user_input_id",
                "any",
                Domain("state", "!=", "done") & Domain("deadline", "<=", now),
            )
        )
        # Run by the job as the superuser: only the state changes.
        expired._write_managed({"satisfaction_state": "expired"})
        return expired

    @api.model
    def _cron_send_satisfaction_surveys(self, batch_size=SATISFACTION_BATCH_SIZE):
        """Invite the customers of complaints closed the company's delay ago
        to the satisfaction survey, then remind once those who did not
        answer; batch by batch, each committed. A complaint that fails is
        left out of this run and logged; the others go on."""
        now = fields.Datetime.now()
        self._expire_satisfaction_surveys(now)
        refusals = self._get_satisfaction_refusals()
        steps = (
            (
                self._get_satisfaction_invite_domain(now, refusals),
                "_send_satisfaction_surveys",
            ),
            (
                self._get_satisfaction_reminder_domain(now, refusals),
                "_send_satisfaction_reminders",
            ),
        )
        for domain, method in steps:
            failed = self.browse()
            while True:
                tickets = self.search(
                    domain & Domain("id", "not in", failed.ids),
                    order="id",
                    limit=batch_size,
                )
                if not tickets:
                    break
                failed |= tickets._run_satisfaction_step(method)
                remaining = self.search_count(domain) - len(failed)
                if not self.env["ir.cron"]._commit_progress(
                    len(tickets), remaining=max(remaining, 0)
                ):
                    return

    def _run_satisfaction_step(self, method):
        """Run ``method`` on the batch in a savepoint; if it fails, one
        complaint at a time. Returns the complaints left out of this run
        (failed, or without a survey to send)."""
        try:
            with self.env.cr.savepoint():
                done = getattr(self, method)()
            return self - done
        except Exception:  # pylint: disable=broad-except
            _logger.info("Satisfaction surveys: batch failed, one by one")
        left_out = self.browse()
        for ticket in self:
            try:
                with self.env.cr.savepoint():
                    done = getattr(ticket, method)()
            except Exception:  # pylint: disable=broad-except
                _logger.warning(
                    "Satisfaction survey of complaint %s failed",
                    ticket.id,
                    exc_info=True,
                )
                done = self.browse()
            left_out |= ticket - done
        return left_out

    # The answers

    @api.model
    def _store_satisfaction_answers(self, user_inputs):
        """Called when survey answers are finished (survey.user_input
        ``_mark_done``): the scores of the invitations sent for complaints
        land on those complaints, and only on them. An answer to an
        invitation that is no longer open (expired, already answered, the
        complaint anonymised) is refused."""
        # The answers reach here through the survey's controller, which
        # checked the invitation's token; the complaint is found from the
        # invitation itself, never from anything the customer sent.
        tickets = (
            self.sudo()
            .with_context(active_test=False)
            .search([("satisfaction_user_input_id", "in", user_inputs.ids)])
        )
        now = fields.Datetime.now()
        for ticket in tickets:
            if ticket.satisfaction_state not in ("sent", "reminded") or (
                ticket.retention_phase == "anonymised"
            ):
                raise UserError(
                    self.env._(
                        "This satisfaction survey is closed: your answers "
                        "could not be recorded."
                    )
                )
            user_input = ticket.satisfaction_user_input_id
            scores, comments = user_input._get_reclamation_satisfaction_answers()
            values = {
                SATISFACTION_SCORE_FIELDS[item]: score for item, score in scores.items()
            }
            values.update(satisfaction_state="answered", satisfaction_answered_on=now)
            ticket._write_managed(values)
            self.env["reclamation.decision.log"]._log(
                "satisfaction",
                ticket,
                before="",
                after=", ".join(
                    f"{ticket._fields[name].get_description(self.env)['string']}: "
                    f"{value}"
                    for name, value in values.items()
                    if name in SATISFACTION_SCORE_FIELDS.values()
                ),
                after_values={
                    name: value
                    for name, value in values.items()
                    if name != "satisfaction_answered_on"
                },
            )
            low = [
                score
                for score in user_input._get_reclamation_scale_values()
                if score <= LOW_SATISFACTION_SCORE
            ]
            if low:
                ticket._schedule_low_satisfaction_review(comments)
        return tickets

    def _get_satisfaction_reviewer(self):
        """The complaint manager who reviews a low satisfaction: the desk's
        leader when they are a complaint manager, else a complaint manager
        of the company, else the complaint's owner."""
        self.ensure_one()
        group = self.env.ref("reclamation_charter.group_reclamation_manager")
        leader = self.team_id.user_id
        if leader and group in leader.all_group_ids:
            return leader
        managers = group.all_user_ids.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        )
        return managers[:1] or self.owner_id or self.team_id.user_id or self.env.user

    def _schedule_low_satisfaction_review(self, comments):
        self.ensure_one()
        note = self.env._(
            "The customer gave a score of %(score)s or less in the satisfaction "
            "survey: review how the complaint was handled.",
            score=LOW_SATISFACTION_SCORE,
        )
        if comments:
            note += "\n" + self.env._(
                "Their comment: %(comment)s", comment="\n".join(comments)
            )
        self.activity_schedule(
            "reclamation_charter.mail_activity_type_low_satisfaction",
            note=plaintext2html(note),
            user_id=self._get_satisfaction_reviewer().id,
        )

    # Export and anonymisation (data-subject rights)

    def _collect_satisfaction_answers(self):
        """The person's answers to the satisfaction surveys of these
        complaints, for the export of their data."""
        result = []
        for ticket in self.sudo().filtered("satisfaction_user_input_id"):
            user_input = ticket.satisfaction_user_input_id
            result.append(
                {
                    "complaint": ticket.number,
                    "survey": user_input.survey_id.title,
                    "invited_on": ticket.satisfaction_sent_date,
                    "reminded_on": ticket.satisfaction_reminded_date or None,
                    "answered_on": ticket.satisfaction_answered_on or None,
                    "state": dict(
                        self._fields["satisfaction_state"]._description_selection(
                            self.env
                        )
                    ).get(ticket.satisfaction_state),
                    "answers": [
                        {
                            "question": line.question_id.title,
                            "answer": line._get_reclamation_export_value(),
                        }
                        for line in user_input.user_input_line_ids
                        if not line.skipped
                    ],
                }
            )
        return result

    def _anonymise_satisfaction(self):
        """Part of ``_anonymise`` (superuser, rights checked there): the
        answers keep their scores and lose the free comments and every link
        to the person; invitations never answered go."""
        user_inputs = self.satisfaction_user_input_id.sudo()
        if not user_inputs:
            return
        unanswered = user_inputs.filtered(lambda ui: ui.state != "done")
        answered = user_inputs - unanswered
        answered.user_input_line_ids.filtered(
            lambda line: line.answer_type in ("char_box", "text_box")
        ).unlink()
        answered.write(
            {"partner_id": False, "email": False, "nickname": False, "lang_id": False}
        )
        self.env["reclamation.privacy"]._remove_thread_data(
            [("survey.user_input", user_inputs.ids)]
        )
        if unanswered:
            self.filtered(
                lambda t: t.satisfaction_user_input_id in unanswered
            )._write_managed(
                {"satisfaction_user_input_id": False, "satisfaction_state": "expired"}
            )
            unanswered.unlink()

    # Portal

    def _get_portal_satisfaction(self, reader, tz):
        """What the complaint's portal page says of the survey: None, the
        link to answer it while it is open (for the customer it was sent to,
        or whoever opened the page with the complaint's token, i.e. from the
        customer's email), or when it was answered."""
        self.ensure_one()
        state = self.satisfaction_state
        if state == "answered":
            answered_on = fields.Datetime.context_timestamp(
                self.with_context(tz=tz), self.satisfaction_answered_on
            )
            return {
                "state": "answered",
                "answered_on": format_date(self.env, answered_on.date()),
            }
        if state not in ("sent", "reminded") or not self._is_satisfaction_survey_open():
            return None
        user_input = self.sudo().satisfaction_user_input_id
        if reader and user_input.partner_id and reader != user_input.partner_id:
            return None
        deadline = fields.Datetime.context_timestamp(
            self.with_context(tz=tz), user_input.deadline
        )
        return {
            "state": "open",
            "url": user_input.get_start_url(),
            "deadline": format_date(self.env, deadline.date()),
        }
