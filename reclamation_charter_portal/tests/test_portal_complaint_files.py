# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The files of a complaint its customer has: their own uploads, what was
sent to them and the decision letter; never the files of internal notes,
those a handler attached in the backend nor a consent's evidence recorded by
a handler, whether through the complaint page, its email link or a
session."""

import importlib.util
import pathlib

from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_portal_complaints import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalComplaintFiles(ComplaintPortalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaints()
        env = cls.env
        complaint = cls.complaint
        # Claire's upload, as the complaint form stores it.
        cls.upload = (
            env["ir.attachment"]
            .with_user(cls.claire)
            .sudo()
            .create(
                {
                    "name": "receipt-of-claire.txt",
                    "raw": b"Receipt 42",
                    "res_model": "helpdesk.ticket",
                    "res_id": complaint.id,
                }
            )
        )
        Attachment = env["ir.attachment"].with_user(cls.handler)
        cls.note_file = Attachment.create(
            {
                "name": "suspicion.txt",
                "raw": b"Internal only: we suspect the member lies",
                "res_model": "helpdesk.ticket",
                "res_id": complaint.id,
            }
        )
        complaint.with_user(cls.handler).message_post(
            body="See the file.",
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.note_file.ids,
        )
        cls.backend_file = Attachment.create(
            {
                "name": "handler-worksheet.txt",
                "raw": b"Handler worksheet: member is difficult",
                "res_model": "helpdesk.ticket",
                "res_id": complaint.id,
            }
        )
        cls.reply_file = Attachment.create(
            {
                "name": "reply-to-claire.txt",
                "raw": b"Our answer",
                "res_model": "helpdesk.ticket",
                "res_id": complaint.id,
            }
        )
        complaint.with_user(cls.handler).message_post(
            body="Here is our answer.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=cls.reply_file.ids,
        )
        # A consent given by phone, with the handler's call notes.
        text = env["reclamation.consent.text"].create(
            {
                "name": "Sharing your complaint",
                "purpose_id": env.ref("reclamation_charter.consent_purpose_sharing").id,
                "lang": "en_US",
                "body": "<p>I agree that my complaint is sent to the insurer.</p>",
            }
        )
        text.action_publish()
        insurer = env["res.partner"].create({"name": "Mutual insurer"})
        # The call notes a handler uploads as the evidence of a consent given
        # by phone (evidence is uploaded for its consent, which then holds it).
        cls.call_notes = (
            env["ir.attachment"]
            .with_user(cls.handler)
            .create(
                {
                    "name": "call-notes.txt",
                    "raw": b"Call notes: hesitant, did not understand",
                }
            )
        )
        env["reclamation.consent"].with_user(cls.handler).create(
            {
                "partner_id": cls.claire.partner_id.id,
                "ticket_id": complaint.id,
                "text_id": text.id,
                "recipient_id": insurer.id,
                "method": "phone",
                "evidence_attachment_id": cls.call_notes.id,
            }
        )
        cls.internal = cls.note_file | cls.backend_file | cls.call_notes

    def _listed(self, response):
        tree = html.fromstring(response.text)
        return {
            link.text_content().strip(): link.get("href")
            for link in tree.xpath(
                "//section[@aria-labelledby='complaint_attachments_title']//a"
            )
        }

    def test_page_lists_only_the_customer_files(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        listed = self._listed(response)
        self.assertIn("receipt-of-claire.txt", listed)
        self.assertIn("reply-to-claire.txt", listed)
        self._assert_no_internal_file(response)
        # Displaying the page wrote no token; its signed links work, even
        # without a session.
        self.assertFalse(any(self.complaint.attachment_ids.mapped("access_token")))
        self.authenticate(None, None)
        response = self.url_open(listed["receipt-of-claire.txt"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"Receipt 42")

    def test_email_link_lists_only_the_customer_files(self):
        token = self.complaint._portal_ensure_token()
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}", params={"access_token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("receipt-of-claire.txt", self._listed(response))
        self._assert_no_internal_file(response)
        self.assertFalse(any(self.complaint.attachment_ids.mapped("access_token")))

    def _assert_no_internal_file(self, response):
        for name in ("suspicion.txt", "handler-worksheet.txt", "call-notes.txt"):
            self.assertFalse(name in response.text, f"{name} is on the page")

    @mute_logger("odoo.http")
    def test_session_does_not_download_internal_files(self):
        for login in ("rcpc-claire", "rcpc-emile"):
            self.authenticate(login, login)
            for attachment in self.internal:
                with self.subTest(login=login, file=attachment.name):
                    response = self.url_open(
                        f"/web/content/{attachment.id}?download=true"
                    )
                    self.assertIn(response.status_code, (403, 404))
                    self.assertNotIn(attachment.raw, response.content)

    def test_tokens_given_before_are_revoked(self):
        """The links the page handed out for every file stop working for
        the files the customer may not have, on update."""
        files = self.complaint.attachment_ids
        files.generate_access_token()
        path = (
            pathlib.Path(__file__).parents[1]
            / "migrations"
            / "19.0.1.0.1"
            / "post-migration.py"
        )
        spec = importlib.util.spec_from_file_location("revoke_tokens", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "19.0.1.0.0")
        files.invalidate_recordset(["access_token"])
        self.assertFalse(any(self.internal.mapped("access_token")))
        self.assertTrue(all((self.upload | self.reply_file).mapped("access_token")))
        self.authenticate(None, None)
        for attachment in self.internal:
            with self.subTest(file=attachment.name):
                response = self.url_open(
                    f"/web/content/{attachment.id}?download=true&access_token="
                    f"{files.browse(attachment.id).access_token or 'x'}"
                )
                self.assertIn(response.status_code, (403, 404))
