# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The acknowledgement of receipt links the charter version the complaint is
handled under and the privacy notice in force, both readable on the portal,
and leads to the complaint's own page."""

from datetime import date

from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.reclamation_charter.tests.common import ReclamationCase


@tagged("post_install", "-at_install")
class TestAcknowledgementLinks(ReclamationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="rcpa-camille",
            password="rcpa-camille",
            groups="base.group_portal",
            name="Camille Durand",
            email="camille.portal@example.com",
        )
        cls.customer = cls.portal_user.partner_id
        Notice = cls.env["reclamation.privacy.notice"]
        Notice.search([("state", "=", "published")]).action_retire()
        cls.notice_v1 = Notice.create(
            {
                "version": "pn-1",
                "effective_date": date(2024, 1, 1),
                "text": "<p>We keep your complaint for six years.</p>",
            }
        )
        cls.notice_v1.action_publish()
        cls.notice_v2 = Notice.create(
            {
                "version": "pn-2",
                "effective_date": date(2025, 1, 1),
                "text": "<p>We keep your complaint for five years.</p>",
            }
        )
        cls.notice_v2.action_publish()
        cls.notice_draft = Notice.create(
            {
                "version": "pn-3",
                "effective_date": date(2025, 2, 1),
                "text": "<p>Wording under review.</p>",
            }
        )

    def _send_acknowledgement(self, complaint):
        cron = self.env.ref("reclamation_charter.ir_cron_send_acknowledgements")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        complaint.invalidate_recordset()
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "auto_comment"
        )

    def test_acknowledgement_links_the_charter_and_the_privacy_notice(self):
        complaint = self._create_complaint()
        message = self._send_acknowledgement(complaint)
        self.assertEqual(len(message), 1)
        tree = html.fromstring(str(message.body))
        hrefs = tree.xpath("//a/@href")
        base_url = complaint.get_base_url()
        self.assertIn(f"{base_url}/charter/{self.charter_v2.id}", hrefs)
        self.assertIn(f"{base_url}/privacy-notice/{self.notice_v2.id}", hrefs)
        self.assertIn(f"{base_url}/my/complaints/{complaint.id}", " ".join(hrefs))
        text = tree.text_content()
        self.assertIn("version 2.0", " ".join(text.split()))
        self.assertIn("privacy notice (version pn-2)", " ".join(text.split()))
        # The mail the customer receives says "complaint", not "ticket".
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mail), 1)
        self.assertNotIn("Helpdesk Ticket", str(mail.body_html))

    def test_french_acknowledgement_links_them_too(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        self.customer.lang = "fr_FR"
        complaint = self._create_complaint()
        message = self._send_acknowledgement(complaint)
        tree = html.fromstring(str(message.body))
        base_url = complaint.get_base_url()
        self.assertIn(
            f"{base_url}/privacy-notice/{self.notice_v2.id}", tree.xpath("//a/@href")
        )
        self.assertIn(
            f"{base_url}/charter/{self.charter_v2.id}", tree.xpath("//a/@href")
        )
        text = " ".join(tree.text_content().split())
        self.assertIn("politique de confidentialité (version pn-2)", text)

    def test_cited_links_open_for_the_customer_and_the_public(self):
        for login in (None, "rcpa-camille"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(f"/charter/{self.charter_v2.id}")
                self.assertEqual(response.status_code, 200)
                response = self.url_open(f"/privacy-notice/{self.notice_v2.id}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("five years", response.text)
                self.assertNotIn("has been replaced", response.text)
                # A version cited by an older letter stays readable, marked
                # as replaced; a draft is not published.
                response = self.url_open(f"/privacy-notice/{self.notice_v1.id}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("six years", response.text)
                self.assertIn("has been replaced", response.text)
                for notice_id in (self.notice_draft.id, self.notice_draft.id + 999):
                    response = self.url_open(f"/privacy-notice/{notice_id}")
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn("Wording under review", response.text)

    def test_notification_about_a_complaint_calls_it_a_complaint(self):
        complaint = self._create_complaint()
        complaint.with_user(self.handler).message_post(
            body="We have asked the accounting team.",
            partner_ids=self.customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.customer.ids)], order="id desc", limit=1
        )
        self.assertTrue(mail)
        body = str(mail.body_html)
        self.assertIn("Complaint", body)
        self.assertNotIn("Helpdesk Ticket", body)
