# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestConsentText(ReclamationCase):
    def test_publishing_takes_the_sha256_of_the_exact_text(self):
        text = self._publish_consent_text()
        self.assertEqual(text.state, "published")
        self.assertEqual(
            text.content_hash, hashlib.sha256(text.body.encode()).hexdigest()
        )

    def test_published_text_is_never_edited(self):
        text = self._publish_consent_text()
        with self.assertRaises(UserError):
            text.body = "<p>Something else</p>"
        with self.assertRaises(UserError):
            text.unlink()
        for values in ({"content_hash": "forged"}, {"state": "draft"}):
            with self.assertRaises(UserError):
                text.with_user(self.dpo).write(values)
        self.assertIn("insurer", text.body)
        self.assertEqual(text.state, "published")

    def test_new_version_supersedes_the_published_one(self):
        v1 = self._publish_consent_text()
        action = v1.action_new_version()
        v2 = self.env["reclamation.consent.text"].browse(action["res_id"])
        self.assertEqual((v2.state, v2.version), ("draft", "2"))
        v2.body = "<p>I agree, for 12 months.</p>"
        v2.action_publish()
        self.assertEqual(v1.state, "archived")
        self.assertEqual(v2.state, "published")
        self.assertNotEqual(v1.content_hash, v2.content_hash)

    def test_empty_text_cannot_be_published(self):
        text = self.env["reclamation.consent.text"].create(
            {
                "name": "Empty",
                "purpose_id": self.env.ref(
                    "reclamation_charter.consent_purpose_satisfaction"
                ).id,
                "body": "<p><br></p>",
            }
        )
        with self.assertRaises(UserError):
            text.action_publish()
        self.assertEqual(text.state, "draft")


@tagged("post_install", "-at_install")
class TestConsentLedger(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.text = cls._publish_consent_text()
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle Assurance", "email": "claims@mutuelle.example.com"}
        )
        cls.complaint = cls._create_complaint()

    def _give(self, user=None, **values):
        Consent = self.env["reclamation.consent"]
        if user:
            Consent = Consent.with_user(user)
        values = {
            "partner_id": self.customer.id,
            "ticket_id": self.complaint.id,
            "text_id": self.text.id,
            "recipient_id": self.insurer.id,
            "method": "email",
            **values,
        }
        if values["method"] == "email" and "evidence_attachment_id" not in values:
            evidence = self._email_evidence(self.customer, env=Consent.env)
            values["evidence_attachment_id"] = evidence.id
        return Consent.create(values)

    def test_consent_records_the_text_version_and_its_hash(self):
        consent = self._give(user=self.handler)
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.text_hash, self.text.content_hash)
        self.assertEqual(consent.lang, "en_US")
        self.assertEqual(consent.collected_by_id, self.handler)
        self.assertEqual(consent.purpose_id, self.text.purpose_id)
        self.assertEqual(
            consent.review_date.year - consent.given_date.year, 1, "12 months"
        )

    def test_consent_without_a_text_version_is_refused(self):
        Consent = self.env["reclamation.consent"]
        count = Consent.search_count([])
        with self.assertRaises(UserError):
            self._give(text_id=False)
        draft = self.text.copy({"version": "9"})
        with self.assertRaises(UserError):
            self._give(text_id=draft.id)
        self.assertEqual(Consent.search_count([]), count)

    def test_sharing_consent_names_its_recipient(self):
        with self.assertRaises(UserError):
            self._give(recipient_id=False)

    def test_paper_or_phone_consent_needs_evidence(self):
        with self.assertRaises(ValidationError):
            self._give(method="paper")
        evidence = self.env["ir.attachment"].create(
            {"name": "signed-form.pdf", "raw": b"%PDF-1.4 signed"}
        )
        consent = self._give(method="paper", evidence_attachment_id=evidence.id)
        self.assertEqual(consent.evidence_attachment_id, evidence)
        # Uploaded from the form.
        consent = self._give(
            method="phone",
            evidence_file=base64.b64encode(b"Call of 3 March, 10:05"),
            evidence_filename="call-note.txt",
        )
        attachment = consent.evidence_attachment_id
        self.assertEqual(attachment.raw, b"Call of 3 March, 10:05")
        self.assertEqual(
            (attachment.name, attachment.res_model, attachment.res_id),
            ("call-note.txt", "reclamation.consent", consent.id),
        )
        self.assertEqual(consent.evidence_filename, "call-note.txt")

    def test_consent_is_never_rewritten_or_deleted(self):
        consent = self._give()
        for values in (
            {"recipient_id": False},
            {"state": "withdrawn"},
            {"given_date": "2020-01-01 00:00:00"},
        ):
            with self.assertRaises(UserError):
                consent.write(values)
        with self.assertRaises(UserError):
            consent.unlink()
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.recipient_id, self.insurer)

    def test_withdrawal_from_the_backend_is_immediate_and_logged(self):
        consent = self._give()
        consent.with_user(self.handler).action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawal_channel, "backend")
        self.assertTrue(consent.withdrawal_date)
        self.assertFalse(
            self.env["reclamation.consent"]._find_active(
                self.customer, self.text.purpose_id, self.insurer
            )
        )
        self.assertIn(
            "withdrawn", self.complaint.message_ids[:1].body, "logged on the complaint"
        )

    def test_withdrawing_twice_is_refused(self):
        consent = self._give()
        consent.action_withdraw()
        date_withdrawn = consent.withdrawal_date
        with self.assertRaises(UserError):
            consent.action_withdraw()
        self.assertEqual(consent.withdrawal_date, date_withdrawn)

    def test_receipt_with_withdrawal_link_is_queued(self):
        consent = self._give()
        message = consent.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(f"/reclamation/consent/{consent.id}/withdraw", message.body)
        self.assertIn(consent.access_token, message.body)

    def test_consents_expire_at_their_review_date(self):
        consent = self._give()
        kept = self._give(review_date=date(2030, 1, 1))
        cron = self.env.ref("reclamation_charter.ir_cron_expire_consents")
        later = consent.review_date.replace(year=consent.review_date.year + 1)
        with freeze_time(later), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        consent.invalidate_recordset()
        self.assertEqual(consent.state, "expired")
        self.assertEqual(kept.state, "given")


@tagged("post_install", "-at_install")
class TestConsentWithdrawalLink(HttpCase):
    """The link of the receipt email: opening it changes nothing, the button
    withdraws at once, a wrong token finds nothing."""

    def setUp(self):
        super().setUp()
        purpose = self.env.ref("reclamation_charter.consent_purpose_satisfaction")
        text = self.env["reclamation.consent.text"].create(
            {"name": "Survey", "purpose_id": purpose.id, "body": "<p>Ask me.</p>"}
        )
        text.action_publish()
        person = self.env["res.partner"].create(
            {"name": "Lucie Martin", "email": "lucie.martin@example.com"}
        )
        self.consent = self.env["reclamation.consent"]._record_portal_consent(
            person, text, False, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64)"
        )
        self.url = self.consent._get_withdrawal_url().replace(
            self.consent.get_base_url(), ""
        )

    def test_opening_the_link_does_not_withdraw(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn('type="submit"', response.text, "the withdrawal button")
        self.assertEqual(self.consent.state, "given")

    def test_the_button_withdraws_at_once(self):
        page = self.url_open(self.url).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            f"/reclamation/consent/{self.consent.id}/withdraw",
            data={"csrf_token": csrf, "token": self.consent.access_token},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-success", response.text, "the confirmation")
        self.consent.invalidate_recordset()
        self.assertEqual(self.consent.state, "withdrawn")
        self.assertEqual(self.consent.withdrawal_channel, "email")

    def test_a_wrong_token_finds_nothing(self):
        for token in ("guess", "%C3%A9t%C3%A9"):
            response = self.url_open(
                f"/reclamation/consent/{self.consent.id}/withdraw?token={token}"
            )
            self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/reclamation/consent/{self.consent.id}/withdraw")
        self.assertEqual(response.status_code, 404)
