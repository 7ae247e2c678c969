# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import socket
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.pdf import PdfReader

from odoo.addons.base.models import ir_actions_report

from .common import ReclamationCase, pdf_text


class ResolutionCase(ReclamationCase):
    """A complaint desk with two handlers, a mediator, a deadline policy and
    a customer with a portal account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_handler = new_test_user(
            cls.env,
            login="rc-second-handler",
            name="Second Handler",
            groups="reclamation_charter.group_reclamation_handler",
        )
        cls.desk.user_ids = [(4, cls.second_handler.id)]
        cls.mediator = cls.env["res.partner"].create(
            {
                "name": "Médiateur des associations",
                "is_company": True,
                "website": "https://mediateur-associations.example.org",
                "street": "12 rue des Lilas",
                "zip": "75011",
                "city": "Paris",
            }
        )
        cls.company.reclamation_mediator_id = cls.mediator
        cls.company.reclamation_appeal_days = 30
        cls.policy = cls.env["reclamation.sla.policy"].create(
            {
                "name": "Generic",
                "ack_amount": 1,
                "ack_unit": "calendar_days",
                "resolution_amount": 30,
                "resolution_unit": "calendar_days",
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="rc-portal-customer",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )

    def _complaint(self, **values):
        # Sending a decision closes the complaint: its root cause is recorded
        # first (charter article 6).
        values.setdefault("root_cause_id", self.root_cause.id)
        return self._create_complaint(
            user_id=self.handler.id,
            written_complaint_date=fields.Date.today() - timedelta(days=5),
            **values,
        )

    def _decide(self, complaint, user=None, send=True, **values):
        user = user or self.handler
        resolution = (
            self.env["reclamation.resolution"]
            .with_user(user)
            .create(
                {
                    "ticket_id": complaint.id,
                    "outcome": "partly_upheld",
                    "remedy_granted": "We refund 50 EUR of the March fee.",
                    "rationale": "The class was cancelled twice; the others "
                    "took place as announced.",
                    **values,
                }
            )
        )
        if send:
            resolution.action_send()
        return resolution

    def _logs(self, complaint, kind):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", kind)]
        )


@tagged("post_install", "-at_install")
class TestResolution(ResolutionCase):
    def test_partial_rejection_sent_locked_answered_and_logged(self):
        complaint = self._complaint()
        messages = complaint.message_ids
        resolution = self._decide(complaint)
        self.assertEqual(resolution.state, "sent")
        self.assertEqual(resolution.decided_by_id, self.handler)
        self.assertTrue(resolution.decided_on)
        self.assertEqual(resolution.mediator_id, self.mediator)
        today = fields.Date.context_today(resolution)
        self.assertEqual(resolution.appeal_deadline, today + timedelta(days=30))
        self.assertEqual(complaint.resolution_outcome, "partly_upheld")
        self.assertEqual(complaint.appeal_state, "open")
        self.assertEqual(complaint.appeal_deadline, today + timedelta(days=30))
        self.assertTrue(complaint.closed)
        self.assertEqual(complaint.stage_id, complaint._get_answered_stage())
        self.assertTrue(complaint._reclamation_can_appeal())
        log = self._logs(complaint, "outcome")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.handler)
        self.assertIn("Partly upheld", log.after)
        self.assertIn("cancelled twice", log.reason)
        self.assertEqual(log.after_values["resolution_outcome"], "partly_upheld")
        # The response: queued, to the customer, with the letter attached.
        letter = complaint.message_ids - messages
        letter = letter.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(letter), 1)
        self.assertIn(self.customer, letter.partner_ids)
        self.assertEqual(letter.attachment_ids, resolution.report_attachment_id)
        body = str(letter.body)
        for text in (
            "Partly upheld",
            "We refund 50 EUR",
            "cancelled twice",
            self.handler.name,
            "internal appeal",
            self.mediator.name,
            self.mediator.website,
            "12 rue des Lilas",
            "one year",
        ):
            self.assertIn(text, body)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", letter.id)])
        self.assertTrue(mails)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})

    def test_response_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        template = self.env.ref("reclamation_charter.mail_template_resolution_response")
        template.with_context(
            lang="fr_FR"
        ).subject = "Notre décision sur votre réclamation {{ object.ticket_id.number }}"
        complaint = self._complaint()
        messages = complaint.message_ids
        self._decide(complaint)
        letter = (complaint.message_ids - messages).filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(
            letter.subject, f"Notre décision sur votre réclamation {complaint.number}"
        )

    def test_sent_decision_is_locked(self):
        complaint = self._complaint()
        resolution = self._decide(complaint)
        for user in (self.handler, self.manager):
            with self.assertRaises(AccessError):
                resolution.with_user(user).write({"rationale": "Something else"})
            with self.assertRaises(AccessError):
                resolution.with_user(user).unlink()
        with self.assertRaises(AccessError):
            resolution.write({"outcome": "upheld"})
        self.assertEqual(resolution.outcome, "partly_upheld")
        self.assertTrue(resolution.exists())

    def test_sent_letter_is_kept_as_sent(self):
        """The PDF letter of a sent decision is frozen like the decision: the
        customer downloads the letter that was sent, and the decision keeps
        it."""
        complaint = self._complaint()
        other = self._complaint(name="Another complaint")
        resolution = self._decide(complaint)
        letter = resolution.report_attachment_id
        sent = letter.raw
        self.assertTrue(sent)
        for user in (self.handler, self.manager):
            attachment = letter.with_user(user)
            for values in (
                {"datas": base64.b64encode(b"%PDF-1.4 forged letter")},
                {"raw": b"%PDF-1.4 forged letter"},
                {"res_id": other.id},
                {"public": True},
            ):
                with self.subTest(user=user.login, values=list(values)):
                    with self.assertRaises(UserError):
                        attachment.write(values)
            with self.subTest(user=user.login), self.assertRaises(UserError):
                attachment.unlink()
        self.assertEqual(resolution.report_attachment_id, letter)
        self.assertEqual(letter.raw, sent)
        self.assertEqual(
            (letter.res_model, letter.res_id), ("helpdesk.ticket", complaint.id)
        )
        self.assertFalse(letter.public)

    def test_handler_cannot_set_managed_fields_over_rpc(self):
        complaint = self._complaint()
        for vals in (
            {"resolution_outcome": "upheld"},
            {"appeal_state": "open"},
            {"appeal_deadline": date(2030, 1, 1)},
        ):
            with self.assertRaises(AccessError):
                complaint.with_user(self.handler).write(vals)
        self.assertFalse(complaint.resolution_outcome)
        self.assertEqual(complaint.appeal_state, "none")
        # Nor the fields sending sets on a draft decision.
        draft = self._decide(complaint, send=False)
        for vals in (
            {"state": "sent"},
            {"offer_state": "accepted"},
            {"decided_by_id": self.second_handler.id},
            {"appeal_deadline": date(2030, 1, 1)},
        ):
            with self.assertRaises(AccessError):
                draft.with_user(self.handler).write(vals)
        self.assertEqual(draft.state, "draft")
        # A draft can be corrected, then sent.
        draft.with_user(self.handler).write({"rationale": "Corrected reasons."})
        draft.with_user(self.handler).action_send()
        self.assertEqual(draft.state, "sent")

    def test_decision_without_rationale_refused(self):
        complaint = self._complaint()
        Resolution = self.env["reclamation.resolution"].with_user(self.handler)
        for rationale in ("", "   \n "):
            with self.assertRaises(ValidationError) as caught:
                Resolution.create(
                    {
                        "ticket_id": complaint.id,
                        "outcome": "upheld",
                        "rationale": rationale,
                    }
                )
            self.assertIn("reasons", str(caught.exception))
        draft = self._decide(complaint, send=False)
        with self.assertRaises(ValidationError):
            draft.with_user(self.handler).write({"rationale": " "})
        self.assertEqual(complaint.resolution_ids, draft)
        self.assertIn("cancelled twice", draft.rationale)

    def test_rejection_without_mediator_refused_nothing_changed(self):
        self.company.reclamation_mediator_id = False
        complaint = self._complaint()
        stage = complaint.stage_id
        messages = complaint.message_ids
        for outcome in ("rejected", "partly_upheld"):
            draft = self._decide(complaint, send=False, outcome=outcome)
            with self.assertRaises(UserError) as caught:
                draft.with_user(self.handler).action_send()
            self.assertIn("mediator", str(caught.exception))
            self.assertEqual(draft.state, "draft")
            self.assertFalse(draft.report_attachment_id)
        self.assertEqual(complaint.stage_id, stage)
        self.assertFalse(complaint.resolution_outcome)
        self.assertEqual(complaint.appeal_state, "none")
        self.assertEqual(complaint.message_ids, messages)
        self.assertFalse(self._logs(complaint, "outcome"))
        self.assertIn(
            "mediator",
            {c["key"]: c for c in self.company._reclamation_readiness()}["mediator"][
                "detail"
            ],
        )
        # A mediator without website or address is not enough either.
        self.company.reclamation_mediator_id = self.env["res.partner"].create(
            {"name": "Médiateur incomplet"}
        )
        draft = self._decide(complaint, send=False, outcome="rejected")
        with self.assertRaises(UserError) as caught:
            draft.with_user(self.handler).action_send()
        self.assertIn("website, postal address", str(caught.exception))
        self.assertEqual(draft.state, "draft")
        self.assertFalse(
            {c["key"]: c for c in self.company._reclamation_readiness()}["mediator"][
                "ok"
            ]
        )
        self.assertEqual(complaint.stage_id, stage)
        self.assertEqual(complaint.message_ids, messages)
        # An upheld complaint needs no mediator.
        upheld = self._decide(complaint, outcome="upheld")
        self.assertEqual(upheld.state, "sent")
        self.assertEqual(complaint.appeal_state, "none")
        self.assertFalse(complaint.appeal_deadline)

    def test_only_complaint_handlers_decide(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            self._decide(complaint, user=self.helpdesk_user, send=False)
        # A handler of another desk does not see the complaint.
        with self.assertRaises(AccessError):
            self._decide(complaint, user=self.other_handler, send=False)
        self.assertFalse(complaint.resolution_ids)

    def test_who_reads_the_decisions(self):
        complaint = self._complaint()
        draft = self._decide(complaint, send=False)
        sent = self._decide(self._complaint(), outcome="upheld")
        Resolution = self.env["reclamation.resolution"]
        ids = (draft | sent).ids
        # The desk's handlers, the managers and the DPO read them all.
        for user in (self.handler, self.second_handler, self.manager, self.dpo):
            self.assertEqual(
                Resolution.with_user(user).search([("id", "in", ids)]), draft | sent
            )
        # The DPO reads, never decides.
        with self.assertRaises(AccessError):
            self._decide(complaint, user=self.dpo, send=False)
        with self.assertRaises(AccessError):
            draft.with_user(self.dpo).write({"rationale": "Other reasons"})
        # A handler of another desk reads none.
        self.assertFalse(
            Resolution.with_user(self.other_handler).search([("id", "in", ids)])
        )
        # The customer reads the decisions sent to them, not the drafts.
        self.assertEqual(
            Resolution.with_user(self.portal_user).search([("id", "in", ids)]), sent
        )
        self.assertEqual(
            sent.with_user(self.portal_user).read(["outcome"])[0]["outcome"], "upheld"
        )
        stranger = new_test_user(
            self.env, login="rc-stranger0", groups="base.group_portal"
        )
        self.assertFalse(Resolution.with_user(stranger).search([("id", "in", ids)]))

    def test_helpdesk_users_still_open_their_tickets(self):
        """The decisions on the complaint form are the complaint team's: a
        helpdesk user of another team opens their tickets as before."""
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jammed",
                "description": "<p>Again.</p>",
                "team_id": self.support.id,
                "user_id": self.helpdesk_user.id,
            }
        )
        form = Form(ticket.with_user(self.helpdesk_user))
        form.name = "Printer jammed again"
        form.save()
        self.assertEqual(ticket.name, "Printer jammed again")

    def test_wizard_records_and_sends(self):
        complaint = self._complaint()
        action = complaint.with_user(self.handler).action_open_resolution_wizard()
        self.assertEqual(action["res_model"], "reclamation.resolution.wizard")
        wizard_form = Form(
            self.env["reclamation.resolution.wizard"]
            .with_user(self.handler)
            .with_context(**action["context"])
        )
        wizard_form.outcome = "upheld"
        wizard_form.remedy_granted = "We refund the whole fee."
        wizard_form.rationale = "The class never took place."
        wizard = wizard_form.save()
        wizard.action_send()
        resolution = complaint.resolution_ids
        self.assertEqual(len(resolution), 1)
        self.assertEqual(resolution.state, "sent")
        self.assertEqual(complaint.resolution_outcome, "upheld")
        self.assertEqual(complaint.resolution_count, 1)
        # Draft through the wizard: nothing sent, the complaint unchanged.
        other = self._complaint()
        wizard = (
            self.env["reclamation.resolution.wizard"]
            .with_user(self.handler)
            .create(
                {
                    "ticket_id": other.id,
                    "outcome": "rejected",
                    "rationale": "Not founded.",
                }
            )
        )
        action = wizard.action_save_draft()
        draft = self.env["reclamation.resolution"].browse(action["res_id"])
        self.assertEqual(draft.state, "draft")
        self.assertFalse(other.closed)
        self.assertFalse(other.resolution_outcome)


@tagged("post_install", "-at_install")
class TestResolutionLetter(ResolutionCase):
    def test_letter_states_outcome_reasons_appeal_and_mediator(self):
        complaint = self._complaint()
        resolution = self._decide(complaint)
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "reclamation_charter.action_report_reclamation_resolution", resolution.ids
        )
        html = " ".join(html.decode().split())
        for text in (
            complaint.number,
            "Partly upheld",
            "We refund 50 EUR",
            "cancelled twice",
            self.handler.name,
            "internal appeal",
            self.mediator.name,
            self.mediator.website,
            "12 rue des Lilas",
            "one year of your written complaint",
        ):
            self.assertIn(text, html)
        self.assertNotIn("final within the association", html)


@tagged("post_install", "-at_install")
class TestResolutionLetterPdf(ResolutionCase, HttpCase):
    """The letter as wkhtmltopdf prints it, while the test's server runs."""

    def test_letter_renders_as_pdf(self):
        complaint = self._complaint()
        resolution = self._decide(complaint)
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "reclamation_charter.action_report_reclamation_resolution",
                resolution.ids,
            )
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(content))
        self.assertEqual(len(reader.pages), 1)
        # An accessible document: its words are text, which screen readers,
        # search and copy find (not glyphs drawn as paths).
        text = " ".join(pdf_text(content).split())
        for words in (
            complaint.number,
            complaint.partner_id.name,
            "Partly upheld",
            "We refund 50 EUR of the March fee.",
            "cancelled twice",
        ):
            self.assertIn(words, text)


@tagged("post_install", "-at_install")
class TestResolutionLetterWithoutServer(ResolutionCase):
    """The letter printed where nothing serves the database over HTTP (an
    install with demo data, a script, a queue job on another host): it
    carries its styles, scripts and fonts, and wkhtmltopdf fetches nothing."""

    def test_letter_needs_no_server(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed_port = sock.getsockname()[1]
        # Where wkhtmltopdf would fetch the assets from: nothing listens.
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://127.0.0.1:{closed_port}"
        )
        complaint = self._complaint()
        resolution = self._decide(complaint)
        printed = []
        run = ir_actions_report._run_wkhtmltopdf

        def spy(args):
            printed.extend(
                Path(arg).read_text() for arg in args if arg.endswith(".html")
            )
            return run(args)

        with (
            patch.object(ir_actions_report, "_run_wkhtmltopdf", spy),
            self.assertNoLogs(ir_actions_report._logger.name, "WARNING"),
        ):
            content, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    "reclamation_charter.action_report_reclamation_resolution",
                    resolution.ids,
                )
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(len(PdfReader(io.BytesIO(content)).pages), 1)
        self.assertTrue(printed)
        for html in printed:
            self.assertNotRegex(html, r"<link[^>]*stylesheet")
            self.assertNotRegex(html, r"<script[^>]*\ssrc=")
            self.assertNotRegex(html, r"url\(\s*['\"]?/")
            # The report's style sheet, in the page: Bootstrap's grid.
            self.assertIn("<style>", html)
            self.assertIn(".row{--gutter-x", html)

    def test_folders_opened_to_wkhtmltopdf_come_from_the_letter_only(self):
        """The report route takes a context from the request (JSON: lists):
        such a context opens none of the server's folders to wkhtmltopdf;
        only the folders the rendering itself found (a tuple) are opened."""
        Report = self.env["ir.actions.report"]
        paperformat = self.env.company.paperformat_id

        def allowed(context):
            args = Report.with_context(**context)._build_wkhtmltopdf_args(
                paperformat, False
            )
            return [args[i + 1] for i, arg in enumerate(args) if arg == "--allow"]

        self.assertEqual(allowed({"report_allowed_folders": ["/etc"]}), [])
        self.assertEqual(
            allowed({"report_allowed_folders": ("/srv/static",)}), ["/srv/static"]
        )


@tagged("post_install", "-at_install")
class TestOffer(ResolutionCase):
    def _offer(self, complaint):
        return self._decide(
            complaint,
            outcome="partly_upheld",
            is_offer=True,
            remedy_granted="A voucher for two classes.",
        )

    def test_offer_accepted_through_the_token_link(self):
        complaint = self._complaint()
        offer = self._offer(complaint)
        self.assertEqual(offer.offer_state, "pending")
        self.assertEqual(complaint._reclamation_pending_offer(), offer)
        self.assertEqual(complaint.appeal_state, "none", "an offer is not appealed")
        url = offer._get_offer_url(True)
        self.assertIn(
            f"/my/complaints/{complaint.id}/offer/{offer.id}/accept?access_token=",
            url,
        )
        self.assertIn(offer.access_token, url)
        self.assertIn("/refuse?", offer._get_offer_url(False))
        # The letter carries both links.
        letter = complaint.message_ids.filtered(
            lambda m: offer.report_attachment_id in m.attachment_ids
        )
        self.assertIn(
            offer._get_offer_url(True), str(letter.body).replace("&amp;", "&")
        )
        public = self.env.ref("base.public_user")
        offer_public = offer.with_user(public)
        offer_public._answer_offer_from_token(offer.access_token, True)
        self.assertEqual(offer.offer_state, "accepted")
        self.assertEqual(offer.offer_answer_channel, "email")
        self.assertTrue(offer.offer_answered_on)
        self.assertEqual(
            complaint.stage_id,
            self.env.ref("reclamation_charter.helpdesk_ticket_stage_resolved_amicably"),
        )
        self.assertTrue(complaint.closed)
        self.assertFalse(complaint._reclamation_pending_offer())
        log = self._logs(complaint, "offer_answer")
        self.assertEqual(len(log), 1)
        self.assertIn("accepted", log.after)

    def test_offer_wrong_token_or_answered_twice_refused(self):
        complaint = self._complaint()
        offer = self._offer(complaint)
        stage = complaint.stage_id
        public = self.env.ref("base.public_user")
        for token in (
            "",
            "not-the-token",
            offer.access_token[:-1] + "x",
            offer.access_token[:-1] + "é",
            None,
        ):
            with self.assertRaises(AccessError):
                offer.with_user(public)._answer_offer_from_token(token, True)
        # The right token with another complaint in the link.
        other = self._complaint()
        with self.assertRaises(AccessError):
            offer.with_user(public)._answer_offer_from_token(
                offer.access_token, True, ticket_id=other.id
            )
        self.assertEqual(offer.offer_state, "pending")
        self.assertEqual(complaint.stage_id, stage)
        self.assertFalse(self._logs(complaint, "offer_answer"))
        # A user cannot claim the email channel without the token.
        with self.assertRaises(AccessError):
            offer.with_user(self.portal_user)._answer_offer(True, "email")
        # Someone else's portal account cannot answer.
        stranger = new_test_user(
            self.env, login="rc-stranger", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            offer.with_user(stranger)._answer_offer(True, "portal")
        self.assertEqual(offer.offer_state, "pending")
        # The customer answers on the portal, once.
        offer.with_user(self.portal_user)._answer_offer(False, "portal")
        self.assertEqual(offer.offer_state, "refused")
        stage = complaint.stage_id
        for accept, channel in ((True, "portal"), (False, "portal")):
            with self.assertRaises(UserError) as caught:
                offer.with_user(self.portal_user)._answer_offer(accept, channel)
            self.assertIn("already answered", str(caught.exception))
        with self.assertRaises(UserError):
            offer.with_user(public)._answer_offer_from_token(offer.access_token, True)
        self.assertEqual(offer.offer_state, "refused")
        self.assertEqual(complaint.stage_id, stage)
        self.assertEqual(len(self._logs(complaint, "offer_answer")), 1)

    def test_offer_refused_goes_back_to_owner_with_new_deadline(self):
        with freeze_time("2026-03-02 10:00:00"):
            complaint = self._complaint()
            first_deadline = complaint.resolution_deadline
            self.assertTrue(first_deadline)
        with freeze_time("2026-03-20 10:00:00"):
            offer = self._offer(complaint)
            self.assertTrue(complaint.closed)
            offer.with_user(self.handler).action_answer_offer_refuse()
            self.assertEqual(offer.offer_state, "refused")
            self.assertEqual(offer.offer_answer_channel, "backend")
            self.assertFalse(complaint.closed)
            self.assertEqual(complaint.user_id, complaint.owner_id)
            self.assertEqual(
                complaint.sla_restart_date, fields.Datetime.now().replace(microsecond=0)
            )
            # 30 calendar days from the refusal, as for a complaint received
            # then.
            fresh = self._complaint()
            self.assertEqual(complaint.resolution_deadline, fresh.resolution_deadline)
            self.assertEqual(complaint.resolution_deadline.date(), date(2026, 4, 20))
            self.assertGreater(complaint.resolution_deadline, first_deadline)
            self.assertTrue(self._logs(complaint, "offer_answer"))
            self.assertTrue(
                complaint.activity_ids.filtered(
                    lambda a: "refused" in (a.summary or "")
                )
            )
            # A new decision can then be taken.
            decision = self._decide(complaint, outcome="upheld")
            self.assertEqual(decision.state, "sent")
            self.assertTrue(complaint.closed)


@tagged("post_install", "-at_install")
class TestAppeal(ResolutionCase):
    def test_appeal_from_the_portal_reopens_for_another_handler(self):
        with freeze_time("2026-03-02 10:00:00"):
            complaint = self._complaint()
            first = self._decide(complaint, outcome="rejected")
            self.assertEqual(complaint.appeal_deadline, date(2026, 4, 1))
        with freeze_time("2026-03-25 10:00:00"):
            complaint.with_user(self.portal_user)._record_appeal(
                "The class was also cancelled on 12 March.", "portal"
            )
            self.assertEqual(complaint.appeal_state, "requested")
            self.assertEqual(complaint.appeal_channel, "portal")
            self.assertFalse(complaint.closed)
            self.assertNotEqual(complaint.user_id, first.decided_by_id)
            self.assertEqual(complaint.resolution_deadline.date(), date(2026, 4, 24))
            log = self._logs(complaint, "appeal")
            self.assertEqual(len(log), 1)
            self.assertIn("12 March", log.reason)
            self.assertEqual(log.before_values["user_id"], self.handler.id)
            self.assertIsNone(log.after_values["user_id"])
            # Not to the author of the decision appealed.
            with self.assertRaises(UserError) as caught:
                complaint.with_user(self.manager).write({"user_id": self.handler.id})
            self.assertIn("another handler", str(caught.exception))
            self.assertNotEqual(complaint.user_id, self.handler)
            # Nor decided by them.
            with self.assertRaises(AccessError):
                self._decide(complaint, user=self.handler, outcome="upheld")
            self.assertEqual(complaint.resolution_ids, first)
            # Another handler decides: final, and the mediator again.
            complaint.with_user(self.manager).write({"user_id": self.second_handler.id})
            appeal = self._decide(
                complaint, user=self.second_handler, outcome="rejected"
            )
            self.assertTrue(appeal.is_appeal)
            self.assertEqual(appeal.decided_by_id, self.second_handler)
            self.assertEqual(appeal.mediator_id, self.mediator)
            self.assertFalse(appeal.appeal_deadline)
            self.assertEqual(complaint.appeal_state, "decided")
            self.assertTrue(complaint.closed)
            self.assertTrue(self._logs(complaint, "appeal_outcome"))
            html = (
                self.env["ir.actions.report"]
                ._render_qweb_html(
                    "reclamation_charter.action_report_reclamation_resolution",
                    appeal.ids,
                )[0]
                .decode()
            )
            self.assertIn("final within the association", html)
            self.assertIn(self.mediator.name, html)
            self.assertNotIn("ask for an internal appeal until", html)
            # Reopened and answered again: no second appeal.
            complaint.with_user(self.manager).write(
                {"stage_id": complaint._get_reopen_stage().id}
            )
            again = self._decide(
                complaint, user=self.second_handler, outcome="rejected"
            )
            self.assertFalse(again.appeal_deadline)
            self.assertEqual(complaint.appeal_state, "decided")
            with self.assertRaises(UserError):
                complaint.with_user(self.portal_user)._record_appeal("Again", "portal")

    def test_appeal_out_of_time_or_twice_refused(self):
        with freeze_time("2026-03-02 10:00:00"):
            complaint = self._complaint()
            self._decide(complaint, outcome="rejected")
            stage = complaint.stage_id
        with freeze_time("2026-04-02 10:00:00"):
            self.assertFalse(complaint._reclamation_can_appeal())
            with self.assertRaises(UserError) as caught:
                complaint.with_user(self.portal_user)._record_appeal(
                    "Too late?", "portal"
                )
            self.assertIn("closed on", str(caught.exception))
            self.assertEqual(complaint.appeal_state, "open")
            self.assertEqual(complaint.stage_id, stage)
            self.assertFalse(self._logs(complaint, "appeal"))
        with freeze_time("2026-03-10 10:00:00"):
            with self.assertRaises(UserError):
                complaint.with_user(self.handler)._record_appeal("   ", "email")
            complaint.with_user(self.handler)._record_appeal(
                "Asked by email on 9 March.", "email"
            )
            requested_on = complaint.appeal_requested_on
            for user, channel in (
                (self.portal_user, "portal"),
                (self.handler, "email"),
            ):
                with self.assertRaises(UserError) as caught:
                    complaint.with_user(user)._record_appeal("Again", channel)
                self.assertIn("once", str(caught.exception))
            self.assertEqual(complaint.appeal_requested_on, requested_on)
            self.assertEqual(complaint.appeal_reason, "Asked by email on 9 March.")
            self.assertEqual(len(self._logs(complaint, "appeal")), 1)

    def test_appeal_rights_and_no_appeal_without_rejection(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.with_user(self.handler)._record_appeal("Why?", "backend")
        self._decide(complaint, outcome="upheld")
        with self.assertRaises(UserError):
            complaint.with_user(self.portal_user)._record_appeal("More!", "portal")
        other = self._complaint()
        self._decide(other, outcome="rejected")
        stranger = new_test_user(
            self.env, login="rc-stranger2", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            other.with_user(stranger)._record_appeal("Not mine", "portal")
        with self.assertRaises(AccessError):
            other.with_user(self.helpdesk_user)._record_appeal("No role", "backend")
        self.assertEqual(other.appeal_state, "open")
        # The desk records an appeal made by phone through the wizard.
        wizard = (
            self.env["reclamation.appeal.wizard"]
            .with_user(self.handler)
            .create(
                {
                    "ticket_id": other.id,
                    "channel": "backend",
                    "reason": "Called on Monday.",
                }
            )
        )
        wizard.action_record()
        self.assertEqual(other.appeal_state, "requested")
        self.assertEqual(other.appeal_channel, "backend")


@tagged("post_install", "-at_install")
class TestResolutionAnonymisation(ResolutionCase):
    def test_anonymisation_blanks_what_the_decisions_say(self):
        complaint = self._complaint()
        resolution = self._decide(complaint, outcome="rejected")
        complaint.with_user(self.handler)._record_appeal(
            "My neighbour Mrs Martin saw it too.", "email"
        )
        # Nobody else blanks a decision.
        with self.assertRaises(AccessError):
            resolution._anonymise_texts()
        complaint.with_user(self.manager).write({"user_id": self.second_handler.id})
        self._decide(complaint, user=self.second_handler, outcome="rejected")
        complaint.with_user(self.dpo)._anonymise("Erasure request")
        for decision in complaint.resolution_ids:
            self.assertNotIn("cancelled twice", decision.rationale)
            self.assertFalse(decision.remedy_granted)
            self.assertFalse(decision.access_token)
            self.assertEqual(decision.outcome, "rejected")
            self.assertEqual(decision.state, "sent")
        self.assertFalse(complaint.appeal_reason)
        self.assertEqual(complaint.resolution_outcome, "rejected")
