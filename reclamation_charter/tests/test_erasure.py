# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
import os
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ReclamationCase, run_commit_hooks


@tagged("post_install", "-at_install")
class TestErasureAfterAPhoneConsent(ReclamationCase):
    """A consent given by phone keeps its evidence as an attachment of the
    consent: erasing the person removes it without tripping over the
    consent's link to it, whether a request or the retention job erases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, cls.desk.id)]}
        )
        cls.text = cls._publish_consent_text("consent_purpose_satisfaction")
        cls.person = cls.env["res.partner"].create(
            {"name": "Gaspard Rouvière", "email": "gaspard.rouviere@example.org"}
        )
        with freeze_time("2026-01-15 10:00:00"):
            cls.complaint = cls._create_complaint(partner_id=cls.person.id)

    def _give_consent_by_phone(self, complaint, user):
        """As the handler does it: the consent form, the note of the call
        uploaded in its evidence field."""
        with Form(
            self.env["reclamation.consent"].with_user(user),
            view="reclamation_charter.reclamation_consent_view_form",
        ) as form:
            form.partner_id = complaint.partner_id
            form.ticket_id = complaint
            form.text_id = self.text
            form.method = "phone"
            form.evidence_file = base64.b64encode(
                b"Call of 3 March 2026, 10:05: Gaspard agrees to be asked "
                b"about his satisfaction."
            )
        return form.record

    def test_erasure_request_after_a_phone_consent(self):
        consent = self._give_consent_by_phone(self.complaint, self.handler)
        evidence = consent.sudo().evidence_attachment_id
        self.assertEqual(
            (evidence.res_model, evidence.res_id), ("reclamation.consent", consent.id)
        )
        self.complaint.write(
            {"stage_id": self.closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        with Form(
            self.env["reclamation.data.request"].with_user(self.dpo),
            view="reclamation_charter.reclamation_data_request_view_form",
        ) as form:
            form.request_type = "erasure"
            form.partner_id = self.person
        request = form.record
        request.action_erase()
        self.assertEqual(request.state, "done")
        self.assertEqual(self.complaint.retention_phase, "anonymised")
        self.assertFalse(evidence.exists())
        consent = consent.sudo()
        self.assertFalse(consent.evidence_attachment_id)
        self.assertFalse(consent.partner_id)
        self.assertEqual(consent.method, "phone", "what statistics need stays")

    def test_retention_job_after_a_phone_consent(self):
        consent = self._give_consent_by_phone(self.complaint, self.handler)
        evidence = consent.sudo().evidence_attachment_id
        with freeze_time("2026-01-20 10:00:00"):
            self.complaint.write(
                {"stage_id": self.closed_stage.id, "root_cause_id": self.root_cause.id}
            )
            self.env.flush_all()
        with freeze_time("2031-02-01"), self.enter_registry_test_mode():
            self.env.ref(
                "reclamation_charter.ir_cron_apply_retention"
            ).method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(self.complaint.retention_phase, "anonymised")
        self.assertFalse(evidence.exists())


class AnonymisationFailure(Exception):
    pass


@tagged("post_install", "-at_install")
class TestRetentionJobIsolatesAFailure(ReclamationCase):
    """A complaint the retention job cannot anonymise is left as it was and
    flagged to the data protection officer; the others are anonymised, at
    this run and at every following one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, cls.desk.id)]}
        )
        cls.cron = cls.env.ref("reclamation_charter.ir_cron_apply_retention")
        with freeze_time("2026-01-15 10:00:00"):
            cls.complaints = cls.env["helpdesk.ticket"].browse(
                [cls._create_complaint(name=f"Complaint {n}").id for n in range(3)]
            )
            cls.complaints.write(
                {"stage_id": closed_stage.id, "root_cause_id": cls.root_cause.id}
            )
            cls.env.flush_all()
        cls.poisoned = cls.complaints[1]

    def _run(self, when, fail_on=None):
        """Run the job; anonymising ``fail_on`` goes half-way, then fails."""
        Ticket = type(self.env["helpdesk.ticket"])
        original = Ticket._anonymise

        def anonymise(tickets, reason):
            result = original(tickets, reason)
            if fail_on and fail_on in tickets:
                raise AnonymisationFailure("something unforeseen")
            return result

        with (
            freeze_time(when),
            self.enter_registry_test_mode(),
            patch.object(Ticket, "_anonymise", anonymise),
        ):
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _flags(self):
        return self.poisoned.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("reclamation_charter.mail_activity_type_retention_failed")
        )

    def test_one_failure_does_not_hold_back_the_others(self):
        logger = "odoo.addons.reclamation_charter.models.helpdesk_ticket_retention"
        with self.assertLogs(logger, "ERROR") as logs:
            self._run("2031-02-01", fail_on=self.poisoned)
        self.assertIn(f"complaint {self.poisoned.id}", logs.output[0])
        others = self.complaints - self.poisoned
        self.assertEqual(set(others.mapped("retention_phase")), {"anonymised"})
        # Left as it was: its half-done anonymisation was rolled back.
        self.assertEqual(self.poisoned.retention_phase, "active")
        self.assertEqual(self.poisoned.name, "Complaint 1")
        self.assertEqual(self.poisoned.partner_id, self.customer)
        self.assertEqual(self._flags().user_id, self.dpo)
        # The next run tries again, without flagging it twice.
        with self.assertLogs(logger, "ERROR"):
            self._run("2031-02-02", fail_on=self.poisoned)
        self.assertEqual(len(self._flags()), 1)
        # Once the cause is removed, it is anonymised and the flag goes.
        self._run("2031-02-03")
        self.assertEqual(self.poisoned.retention_phase, "anonymised")
        self.assertFalse(self._flags())


@tagged("post_install", "-at_install")
class TestErasedFilesLeaveTheFilestore(ReclamationCase):
    """Once an anonymisation is committed, the files of the attachments it
    removed leave the filestore, except those another attachment shares
    (files are stored by content)."""

    def test_retention_removes_the_files_it_no_longer_uses(self):
        Attachment = self.env["ir.attachment"]
        closed_stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, self.desk.id)]}
        )
        complaint = self._create_complaint()
        own, shared = Attachment.create(
            [
                {
                    "name": "statement.txt",
                    "raw": b"Only in this complaint: statement of 14 May 2026",
                    "res_model": "helpdesk.ticket",
                    "res_id": complaint.id,
                },
                {
                    "name": "conditions.txt",
                    "raw": b"General conditions of membership, 2026 edition",
                    "res_model": "helpdesk.ticket",
                    "res_id": complaint.id,
                },
            ]
        )
        elsewhere = Attachment.create(
            {
                "name": "conditions.txt",
                "raw": b"General conditions of membership, 2026 edition",
                "res_model": "helpdesk.ticket.team",
                "res_id": self.desk.id,
            }
        )
        self.assertEqual(shared.store_fname, elsewhere.store_fname)
        own_path = Attachment._full_path(own.store_fname)
        shared_path = Attachment._full_path(shared.store_fname)
        own_content = own.raw

        def put_back():  # files are not rolled back with the test
            if not os.path.exists(own_path):
                with open(own_path, "wb") as file:
                    file.write(own_content)

        self.addCleanup(put_back)
        complaint.write(
            {"stage_id": closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        complaint._anonymise_for_retention()
        self.assertFalse(own.exists())
        self.assertTrue(os.path.exists(own_path), "until the anonymisation commits")
        run_commit_hooks(self)
        self.assertFalse(os.path.exists(own_path))
        self.assertTrue(os.path.exists(shared_path))
        self.assertEqual(
            elsewhere.raw, b"General conditions of membership, 2026 edition"
        )


@tagged("post_install", "-at_install")
class TestErasureRemovesOnlyThePersonsQueuedMail(ReclamationCase):
    """Mail still queued for the erased person goes; mail for other people
    whose address merely contains theirs stays; mail for them and others
    stays for the others."""

    def _closed_complaint_of_bob(self):
        """Bob, whose closed complaint is erased, and Alice."""
        bob = self.env["res.partner"].create({"name": "Bob", "email": "bob@x.org"})
        alice = self.env["res.partner"].create(
            {"name": "Alice", "email": "alice@y.org"}
        )
        closed_stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, self.desk.id)]}
        )
        complaint = self._create_complaint(partner_id=bob.id)
        complaint.write(
            {"stage_id": closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        return bob, alice, complaint

    def test_queued_mail_of_the_person_only(self):
        bob, alice, complaint = self._closed_complaint_of_bob()
        Mail = self.env["mail.mail"]

        def queue(**values):
            return Mail.create(
                {"subject": "Newsletter", "body_html": "<p>Hi</p>"} | values
            )

        to_jimbob = queue(email_to="jimbob@x.org")
        to_bob = queue(email_to='"Bob" <BOB@x.org>')
        to_bob_partner = queue(recipient_ids=[(6, 0, bob.ids)])
        to_bob_and_alice = queue(email_to='"Bob" <bob@x.org>, "Alice" <alice@y.org>')
        to_both_partners = queue(recipient_ids=[(6, 0, (bob | alice).ids)])
        bob_in_copy = queue(email_to="alice@y.org", email_cc="Bob <bob@x.org>")
        sent_to_bob = queue(email_to="bob@x.org", state="sent")

        complaint.with_user(self.dpo)._anonymise("Erasure request")

        self.assertFalse((to_bob | to_bob_partner).exists())
        self.assertEqual(to_jimbob.email_to, "jimbob@x.org")
        self.assertEqual(to_bob_and_alice.email_to, '"Alice" <alice@y.org>')
        self.assertEqual(to_both_partners.recipient_ids, alice)
        self.assertEqual(
            (bob_in_copy.email_to, bob_in_copy.email_cc), ("alice@y.org", False)
        )
        self.assertTrue(sent_to_bob.exists(), "only queued mail is concerned")

    def test_notifications_of_the_person_leave_with_them(self):
        bob, alice, complaint = self._closed_complaint_of_bob()
        mails = self.env["mail.mail"].create(
            [
                {
                    "body_html": "<p>Hi</p>",
                    "recipient_ids": [(6, 0, (bob | alice).ids)],
                }
                for _ in range(2)
            ]
        )
        Notification = self.env["mail.notification"]
        Notification.create(
            [
                {
                    "mail_message_id": mail.mail_message_id.id,
                    "mail_mail_id": mail.id,
                    "res_partner_id": partner.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                }
                for mail in mails
                for partner in (bob, alice)
            ]
        )

        complaint.with_user(self.dpo)._anonymise("Erasure request")

        notifications = Notification.search([("mail_mail_id", "in", mails.ids)])
        self.assertEqual(notifications.res_partner_id, alice)
        self.assertEqual(len(notifications), 2, "the others' notifications stay")
        self.assertEqual(mails.recipient_ids, alice)


@tagged("post_install", "-at_install")
class TestErasureLeavesNoBusNotification(ReclamationCase):
    """The notifications Odoo's bus keeps a day for offline clients go with
    what they are about: those sent to the complaint or to the person, and
    the inbox notifications of the complaint's messages, whether written by
    an earlier transaction or still to be written at the commit; the others
    stay."""

    def test_notifications_about_the_person_go(self):
        person = self.env["res.partner"].create(
            {"name": "Clémentine Hérault", "email": "clementine@example.org"}
        )
        closed_stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, self.desk.id)]}
        )
        complaint, other = (
            self._create_complaint(partner_id=partner.id)
            for partner in (person, self.customer)
        )
        complaint.write(
            {"stage_id": closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        message, other_message = (
            ticket.message_post(body="Hello", subtype_xmlid="mail.mt_note")
            for ticket in (complaint, other)
        )
        Bus = self.env["bus.bus"]
        manager = self.manager.partner_id

        def send(suffix):
            Bus._sendone(complaint, f"test/document{suffix}", {})
            Bus._sendone((person, "presence"), f"test/person{suffix}", {})
            Bus._sendone(
                manager,
                f"test/inbox{suffix}",
                {"message_id": message.id, "author": "Clémentine Hérault"},
            )
            Bus._sendone(other, f"test/other-document{suffix}", {})
            Bus._sendone(
                manager, f"test/other-inbox{suffix}", {"message_id": other_message.id}
            )

        send("")
        run_commit_hooks(self)  # written, as by earlier transactions
        send("-pending")

        complaint.with_user(self.dpo)._anonymise("Erasure request")
        run_commit_hooks(self)

        types = {
            json.loads(message)["type"]
            for message in Bus.search([]).mapped("message")
            if json.loads(message)["type"].startswith("test/")
        }
        self.assertEqual(
            types,
            {
                "test/other-document",
                "test/other-inbox",
                "test/other-document-pending",
                "test/other-inbox-pending",
            },
        )


@tagged("post_install", "-at_install")
class TestErasureOfWhatIsHeldOutsideComplaints(ReclamationCase):
    """A consent given without a complaint and the justification of a change
    to the contact are the person's: they go when the last complaint of the
    person is anonymised, and stay while another complaint needs them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, cls.desk.id)]}
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Walter Brenner",
                "email": "walter.brenner@example.org",
                "phone": "+33 6 11 22 33 44",
            }
        )
        text = cls._publish_consent_text("consent_purpose_satisfaction")
        cls.consent = cls.env["reclamation.consent"].create(
            {
                "partner_id": cls.person.id,
                "text_id": text.id,
                "method": "paper",
                "evidence_attachment_id": cls.env["ir.attachment"]
                .create(
                    {
                        "name": "signed-form.txt",
                        "raw": b"Signed form: Walter Brenner, +33 6 11 22 33 44",
                    }
                )
                .id,
            }
        )
        cls.change = (
            cls.env["reclamation.partner.change.request"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": cls.person.id,
                    "request_archive": True,
                    "justification": "Walter threatened staff, phone +33 6 11 22 33 44",
                }
            )
        )
        cls.first, cls.second = (
            cls._create_complaint(name=name, partner_id=cls.person.id)
            for name in ("First complaint", "Second complaint")
        )
        cls.first.write(
            {"stage_id": cls.closed_stage.id, "root_cause_id": cls.root_cause.id}
        )

    def test_kept_while_another_complaint_is_open(self):
        self.first.with_user(self.dpo)._anonymise("End of the retention period")
        self.assertEqual(self.person.name, "Walter Brenner")
        self.assertEqual(self.consent.partner_id, self.person)
        self.assertTrue(self.consent.evidence_attachment_id)
        self.assertIn("threatened staff", self.change.justification)

    def test_erased_with_the_last_complaint(self):
        receipt = self.consent.message_ids
        self.assertTrue(receipt, "the receipt sent to the person")
        evidence = self.consent.evidence_attachment_id
        self.second.write(
            {"stage_id": self.closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        (self.first | self.second).with_user(self.dpo)._anonymise("Erasure request")
        self.assertEqual(self.person.name, "Anonymised person")
        self.assertFalse(self.person.phone)
        self.assertFalse(self.consent.partner_id)
        self.assertFalse(evidence.exists())
        self.assertFalse(receipt.exists())
        self.assertEqual(self.consent.method, "paper", "what statistics need stays")
        self.assertEqual(self.change.justification, "(anonymised)")

    def test_anonymised_names_are_read_in_the_readers_language(self):
        self.second.write(
            {"stage_id": self.closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        (self.first | self.second).with_user(self.dpo)._anonymise("Erasure request")
        self.env["res.lang"]._activate_lang("fr_FR")
        for lang, complaint, person in (
            ("en_US", "Anonymised complaint", "Anonymised person"),
            ("fr_FR", "Réclamation anonymisée", "Personne anonymisée"),
        ):
            with self.subTest(lang=lang):
                first = self.first.with_user(self.dpo).with_context(lang=lang)
                self.assertEqual(
                    first.display_name, f"{self.first.number} - {complaint}"
                )
                self.assertEqual(
                    self.person.with_context(lang=lang).display_name, person
                )
                # Where the decision log names the complaint.
                entry = (
                    self.env["reclamation.decision.log"]
                    .with_context(lang=lang)
                    .search([("ticket_id", "=", self.first.id)], limit=1)
                )
                self.assertEqual(entry.ticket_id.display_name, first.display_name)

    def test_only_the_anonymisation_marks_a_contact_anonymised(self):
        with self.assertRaises(UserError):
            self.person.write({"reclamation_anonymised": True})
        self.assertEqual(self.person.display_name, "Walter Brenner")
