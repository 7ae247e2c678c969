# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCase

from .common import ReclamationCase

INCOMING_EMAIL = """Return-Path: {return_path}
To: {to}
Cc: {cc}
From: {email_from}
Subject: {subject}
Message-ID: {msg_id}
Date: {date}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
{extra}
I wrote to you three times about my refund and nobody answered.
"""


@tagged("post_install", "-at_install")
class TestAcknowledgement(ReclamationCase, MailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("reclamation_charter.ir_cron_send_acknowledgements")
        cls.stage_review = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_review.customer_explanation = "We are examining your complaint."

    def _run_acknowledgement_job(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()

    def _ack_messages(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "auto_comment"
        )

    def test_acknowledgement_is_queued_not_sent_in_the_transaction(self):
        triggers_before = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )
        complaint = self._create_complaint()
        self.assertEqual(complaint.ack_state, "pending")
        self.assertFalse(self._ack_messages(complaint))
        self.assertFalse(complaint.ack_sent_date)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers_before,
        )

    def test_acknowledgement_sent_once_with_its_content(self):
        complaint = self._create_complaint()
        self._run_acknowledgement_job()
        self._run_acknowledgement_job()
        complaint.invalidate_recordset()
        message = self._ack_messages(complaint)
        self.assertEqual(len(message), 1)
        self.assertEqual(complaint.ack_state, "sent")
        self.assertTrue(complaint.ack_sent_date)
        self.assertEqual(message.partner_ids, self.customer)
        self.assertIn(complaint.number, message.subject)
        body = str(message.body)
        for expected in (
            complaint.number,
            self.desk.name,
            self.charter_v2.version,
            "We are examining your complaint.",
            complaint.access_url,
        ):
            self.assertIn(expected, body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, not sent by the job")
        self.assertEqual(mail.recipient_ids, self.customer)

    def test_phone_complaint_gets_a_written_recap(self):
        complaint = self._create_complaint(
            channel_id=self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone").id,
            remedy_sought="A refund of 120 EUR",
        )
        self._run_acknowledgement_job()
        message = self._ack_messages(complaint)
        self.assertEqual(len(message), 1)
        self.assertIn("Written recap", message.subject)
        self.assertIn("A refund of 120 EUR", str(message.body))
        self.assertIn("I cancelled in March", str(message.body))

    def test_complaint_with_only_an_email_address(self):
        complaint = self._create_complaint(
            partner_id=False, partner_email="anonymous.member@example.com"
        )
        self._run_acknowledgement_job()
        message = self._ack_messages(complaint)
        self.assertEqual(len(message), 1)
        self.assertFalse(message.partner_ids)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn("anonymous.member@example.com", mail.email_to)
        self.assertEqual(complaint.ack_state, "sent")

    def test_contact_without_email_uses_the_complaint_address(self):
        contact = self.env["res.partner"].create({"name": "Jean Sans Mail"})
        complaint = self._create_complaint(
            partner_id=contact.id, partner_email="jean.sans.mail@example.com"
        )
        self._run_acknowledgement_job()
        message = self._ack_messages(complaint)
        self.assertEqual(len(message), 1)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn("jean.sans.mail@example.com", mail.email_to)

    def test_complaint_without_address_asks_for_a_letter(self):
        complaint = self._create_complaint(
            partner_id=False,
            partner_email=False,
            partner_name="M. Martin",
            user_id=False,
            channel_id=self.env.ref(
                "reclamation_charter.helpdesk_ticket_channel_post"
            ).id,
        )
        self._run_acknowledgement_job()
        self.assertEqual(complaint.ack_state, "no_address")
        self.assertFalse(self._ack_messages(complaint))
        self.assertEqual(complaint.activity_ids.user_id, self.manager)

    def test_requests_get_no_acknowledgement(self):
        request = self._create_complaint(complaint_kind="service")
        self._run_acknowledgement_job()
        self.assertFalse(request.ack_state)
        self.assertFalse(self._ack_messages(request))

    def test_email_to_the_desk_alias_is_acknowledged(self):
        self.desk.alias_name = "reclamations"
        self.env["ir.config_parameter"].sudo().set_param(
            "mail.catchall.domain", "example.org"
        )
        self.env.company.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "example.org"}
        )
        self.desk.alias_id.alias_domain_id = self.env.company.alias_domain_id
        self.format_and_process(
            INCOMING_EMAIL,
            "camille.durand@example.com",
            "reclamations@example.org",
            subject="Nobody answers my letters",
            target_model="helpdesk.ticket",
            msg_id="<complaint-by-email@example.com>",
        )
        complaint = self.env["helpdesk.ticket"].search(
            [("name", "=", "Nobody answers my letters")]
        )
        self.assertEqual(complaint.team_id, self.desk)
        self.assertTrue(complaint.is_charter_complaint)
        self.assertEqual(complaint.charter_id, self.charter_v2)
        self._run_acknowledgement_job()
        self.assertEqual(complaint.ack_state, "sent")
        self.assertEqual(len(self._ack_messages(complaint)), 1)

    def test_acknowledgement_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        # Activating a language loads no translation: the addon's French.
        self.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        self.customer.lang = "fr_FR"
        complaint = self._create_complaint()
        self._run_acknowledgement_job()
        message = self._ack_messages(complaint)
        self.assertIn("Nous avons bien reçu votre réclamation", message.subject)
