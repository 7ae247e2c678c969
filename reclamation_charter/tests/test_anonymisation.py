# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
from datetime import date, timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from .common import ReclamationCase, run_commit_hooks

NAME = "Apolline Verdier-Quintal"
EMAIL = "apolline.verdier-quintal@example.org"
PHONE = "+33 6 98 76 54 32"
PIXEL = (  # a 1x1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)
SENTENCE = "The blue heron crossed my garden at dawn on the seventh of April"
# What is written about the person outside their complaints: the evidence of
# a consent they gave without a complaint, a justification of a change to
# their contact.
EVIDENCE = f"Signed form: {NAME}, {PHONE}"
JUSTIFICATION = f"{NAME} threatened staff, phone {PHONE}"


@tagged("post_install", "-at_install")
class TestAnonymisationIsComplete(ReclamationCase):
    """After anonymising a person, nothing in the database nor in any
    attachment still holds their name, email, phone or a sentence of their
    complaint; what statistics need stays."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages, tracking values and logs as in production.
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=False,
                mail_notrack=False,
                mail_create_nolog=False,
            )
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": NAME,
                "email": EMAIL,
                "phone": PHONE,
                "street": "10 rue des Hérons",
                "city": "Nantes",
                "image_1920": PIXEL,
                "partner_latitude": 47.2184,
                "partner_longitude": -1.5536,
            }
        )
        # Changed in the transaction that erases them (as the complaint is
        # closed in it below): the tracking of these changes is written at
        # its commit, with the values they had before.
        cls.person.street = "12 rue des Hérons"
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, cls.desk.id)]}
        )
        cls.complaint = cls._create_complaint(
            name=f"Complaint of {NAME}",
            partner_id=cls.person.id,
            description=f"<p>{SENTENCE}. Call me on {PHONE}.</p>",
            remedy_sought=f"{NAME} asks for a refund",
            complainant_capacity="representative",
            represented_party_name=f"Mother of {NAME}",
            special_category_details=f"{NAME} was in hospital",
            internal_assessment=f"{SENTENCE}: we believe her.",
            complexity="complex",
        )
        cls.email_only = cls._create_complaint(
            partner_id=False,
            partner_name=NAME,
            partner_email=EMAIL.upper(),
            description=f"<p>Again: {SENTENCE}</p>",
        )
        cls._fill_everything()

    @classmethod
    def _fill_everything(cls):
        complaint = cls.complaint
        # A manager follows the complaint in Odoo: the person's messages
        # reach their inbox through the bus.
        cls.manager.notification_type = "inbox"
        complaint.message_subscribe(partner_ids=cls.manager.partner_id.ids)
        complaint.message_post(
            body=f"{SENTENCE} (customer reply)",
            author_id=cls.person.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        complaint.message_post(
            body=f"Internal: {NAME} called from {PHONE}",
            subtype_xmlid="mail.mt_note",
        )
        # A tracked change keeps the old value in mail.tracking.value.
        complaint.partner_email = f"old.{EMAIL}"
        cls.env.cr.precommit.run()  # tracking values are written here
        complaint.partner_email = EMAIL
        cls.env.cr.precommit.run()
        cls.env["ir.attachment"].create(
            {
                "name": f"letter-from-{NAME}.txt",
                "raw": f"{SENTENCE}\n{NAME}\n{EMAIL}".encode(),
                "res_model": "helpdesk.ticket",
                "res_id": complaint.id,
            }
        )
        complaint.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"Call {NAME} back",
            note=f"On {PHONE}",
            user_id=cls.handler.id,
        )
        text = cls._publish_consent_text()
        insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle Assurance", "email": "claims@mutuelle.example.com"}
        )
        evidence = cls.env["ir.attachment"].create(
            {"name": "signed.txt", "raw": f"Signed by {NAME}".encode()}
        )
        cls.env["reclamation.consent"].create(
            {
                "partner_id": cls.person.id,
                "ticket_id": complaint.id,
                "text_id": text.id,
                "recipient_id": insurer.id,
                "method": "paper",
                "evidence_attachment_id": evidence.id,
                "ip_address": "203.0.113.99",
                "user_agent": f"{NAME}'s browser",
            }
        )
        # A consent given on paper without a complaint: its evidence and its
        # receipt email name the person.
        standalone_evidence = cls.env["ir.attachment"].create(
            {"name": "signed-form.txt", "raw": EVIDENCE.encode()}
        )
        cls.standalone_consent = cls.env["reclamation.consent"].create(
            {
                "partner_id": cls.person.id,
                "text_id": text.id,
                "recipient_id": insurer.id,
                "method": "paper",
                "evidence_attachment_id": standalone_evidence.id,
            }
        )
        # A change to their contact, justified by what they did.
        cls.env["reclamation.partner.change.request"].with_user(cls.manager).create(
            {
                "partner_id": cls.person.id,
                "request_archive": True,
                "justification": JUSTIFICATION,
            }
        )
        cls.env["reclamation.share.wizard"].create(
            {
                "ticket_id": complaint.id,
                "recipient_id": insurer.id,
                "include_contact": True,
                "include_remedy": True,
            }
        ).action_share()
        # Mail still queued for them from somewhere else.
        cls.env["mail.mail"].create(
            {
                "email_to": f'"{NAME}" <{EMAIL}>',
                "subject": "Newsletter",
                "body_html": f"<p>Dear {NAME}</p>",
            }
        )
        access = cls.env["reclamation.data.request"].create(
            {
                "request_type": "access",
                "partner_id": cls.person.id,
                "received_date": date(2026, 3, 1),
                # Free text about the person: what they ask, what they
                # were answered.
                "details": f"Send me everything, I am {NAME}: {SENTENCE}",
                "answer": f"Dear {NAME}, here is your data ({SENTENCE}).",
            }
        )
        access.action_export()
        cls._fill_decisions()
        (complaint | cls.email_only).write(
            {"stage_id": cls.closed_stage.id, "root_cause_id": cls.root_cause.id}
        )

    @classmethod
    def _fill_decisions(cls):
        """Decisions whose reasons, written by staff, tell about the person."""
        complaint = cls.complaint
        cls.env["reclamation.holding.letter"].with_user(cls.handler).create(
            {
                "ticket_id": complaint.id,
                "new_date": fields.Date.today() + timedelta(days=30),
                "reason": f"{SENTENCE}: her neighbour must testify",
            }
        ).action_send()
        complaint = complaint.with_user(cls.dpo)
        complaint._restrict_processing(f"{NAME} contests the facts")
        complaint._lift_restriction(f"{SENTENCE}: accuracy checked")
        complaint._set_legal_hold(f"Court case of {NAME} v. the association")
        complaint._release_legal_hold(f"{SENTENCE}: judgment given")

    def _find_needles(self, needles=None):
        """(table.column, needle) for every text, varchar, jsonb and bytea
        column of the database holding one of the needles, and (attachment,
        needle) for every attachment whose content holds one. By default,
        all that identifies the person, their picture included; given
        needles are looked for alone (a contact kept keeps its picture)."""
        picture = not needles
        needles = needles or [
            NAME,
            EMAIL,
            PHONE,
            "698765432",
            SENTENCE,
            "rue des Hérons",
            EVIDENCE,
            JUSTIFICATION,
        ]
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema()
               AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('text', 'character varying', 'jsonb', 'bytea')
            """
        )
        found = []
        for table, column, data_type in cr.fetchall():
            col = SQL.identifier(column)
            if data_type == "bytea":
                condition = SQL(" OR ").join(
                    SQL("position(%s::bytea in %s) > 0", needle.encode(), col)
                    for needle in needles
                )
            else:
                condition = SQL(
                    "%s::text ILIKE ANY(%s)", col, [f"%{n}%" for n in needles]
                )
            cr.execute(
                SQL(
                    "SELECT %s::text FROM %s WHERE %s LIMIT 1",
                    col,
                    SQL.identifier(table),
                    condition,
                )
            )
            row = cr.fetchone()
            if row:
                found.append((f"{table}.{column}", row[0][:200]))
        attachments = (
            self.env["ir.attachment"].sudo().with_context(active_test=False).search([])
        )
        for attachment in attachments:
            content = (attachment.raw or b"").lower()
            for needle in needles:
                if needle.lower().encode() in content:
                    found.append((f"ir.attachment {attachment.id}", needle))
        return found + self._find_needles_in_filestore(needles, picture)

    def setUp(self):
        super().setUp()
        self._keep_files_for_rollback()

    def _keep_files_for_rollback(self):
        """The files of the attachments when the test starts: an erasure
        removes some from the filestore, and the rollback of the test brings
        back their attachments but not the files, which are put back."""
        Attachment = self.env["ir.attachment"]
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT DISTINCT store_fname FROM ir_attachment "
            "WHERE store_fname IS NOT NULL"
        )
        self.files_in_use = {}
        for (fname,) in self.env.cr.fetchall():
            path = Attachment._full_path(fname)
            if os.path.isfile(path):
                with open(path, "rb") as file:
                    self.files_in_use[fname] = file.read()

        def put_back():
            for fname, content in self.files_in_use.items():
                path = Attachment._full_path(fname)
                if not os.path.exists(path):
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "wb") as file:
                        file.write(content)
                    Attachment._mark_for_gc(fname)

        self.addCleanup(put_back)
        self.image = (
            Attachment.sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_field", "=", "image_1920"),
                    ("res_id", "=", self.person.id),
                ]
            )
            .raw
        )

    def _find_needles_in_filestore(self, needles, picture=True):
        """(filestore path, needle) for every file of the filestore that an
        attachment used when the test started, still there and holding a
        needle or the person's picture. (Files no attachment used are those
        of rolled-back transactions, left to the garbage collection.)"""
        Attachment = self.env["ir.attachment"]
        found = []
        for fname in self.files_in_use:
            path = Attachment._full_path(fname)
            if not os.path.isfile(path):
                continue
            with open(path, "rb") as file:
                content = file.read()
            if picture and content == self.image:
                found.append((f"filestore {fname}", "picture"))
            content = content.lower()
            found += [
                (f"filestore {fname}", needle)
                for needle in needles
                if needle.lower().encode() in content
            ]
        return found

    def test_the_needles_are_there_before(self):
        """The scan finds what it looks for (so that finding nothing after
        means something)."""
        places = {place for place, _value in self._find_needles()}
        for expected in (
            "res_partner.name",
            "helpdesk_ticket.description",
            "mail_message.body",
            "mail_tracking_value.old_value_char",
            "reclamation_consent.user_agent",
            "reclamation_data_share.shared_data",
            "mail_mail.body_html",
            "mail_activity.summary",
            "reclamation_decision_log.reason",
            "reclamation_partner_change_request.justification",
            "bus_bus.message",
        ):
            self.assertIn(expected, places)
        self.assertTrue(any(p.startswith("ir.attachment") for p in places))
        in_files = {
            needle for place, needle in self._find_needles() if "filestore" in place
        }
        self.assertEqual(
            in_files,
            {"picture", SENTENCE, NAME, EMAIL, PHONE, EVIDENCE},
        )

    def test_nothing_of_the_person_remains(self):
        erasure = self.env["reclamation.data.request"].create(
            {
                "request_type": "erasure",
                "partner_id": self.person.id,
                "received_date": date(2026, 3, 2),
            }
        )
        self.assertEqual(erasure.ticket_ids, self.complaint)
        self.assertEqual(erasure.candidate_ticket_ids, self.email_only)
        # The data protection officer checked it is theirs.
        erasure.with_user(self.dpo).confirmed_ticket_ids = self.email_only
        self.assertEqual(erasure.ticket_ids, self.complaint | self.email_only)
        erasure.with_user(self.dpo).action_erase()
        run_commit_hooks(self)
        self.assertEqual(self._find_needles(), [])
        # What statistics need stays.
        self.assertEqual(self.complaint.complexity, "complex")
        self.assertEqual(self.complaint.stage_id, self.closed_stage)
        self.assertEqual(self.complaint.team_id, self.desk)
        self.assertTrue(self.complaint.closed_date)
        self.assertTrue(self.complaint.received_date)
        self.assertEqual(self.complaint.retention_phase, "anonymised")
        self.assertFalse(self.person.active)
        self.assertFalse(self.person.image_1920)
        self.assertFalse(self.person.partner_latitude)
        self.assertEqual(self.complaint.partner_id, self.person, "kept, anonymised")

    def test_a_contact_used_elsewhere_is_kept_and_unlinked(self):
        self.env["res.users"].create(
            {
                "login": "apolline",
                "partner_id": self.person.id,
                "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        self.complaint.with_user(self.dpo)._anonymise("Erasure request")
        self.assertEqual(self.person.name, NAME, "the account still uses the contact")
        self.assertFalse(self.complaint.partner_id)
        self.assertFalse(self.complaint.partner_email)
        self.assertFalse(self.complaint.message_ids)

    def test_a_person_kept_for_their_account_keeps_nothing_else(self):
        """Their contact stays as their portal account needs it; nothing
        else written about them does: what their complaints held, the
        consent they gave without a complaint, the justification of a change
        to their contact."""
        self.env["res.users"].create(
            {
                "login": "apolline",
                "partner_id": self.person.id,
                "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        self.env.cr.flush()
        erasure = self.env["reclamation.data.request"].create(
            {"request_type": "erasure", "partner_id": self.person.id}
        )
        erasure.confirmed_ticket_ids = erasure.candidate_ticket_ids
        erasure.with_user(self.dpo).action_erase()
        run_commit_hooks(self)
        self.assertEqual(self.person.name, NAME, "the account still uses the contact")
        self.assertEqual(
            self._find_needles([SENTENCE, EVIDENCE, "threatened staff"]), []
        )
        consent = self.standalone_consent
        self.assertFalse(consent.partner_id)
        self.assertEqual(consent.method, "paper", "what statistics need stays")

    def test_the_decision_log_keeps_the_decisions_not_the_reasons(self):
        Log = self.env["reclamation.decision.log"]
        entries = Log.search([("ticket_id", "=", self.complaint.id)])
        before = {e.id: (e.kind, e.date, e.user_id, e.before, e.after) for e in entries}
        self.complaint.with_user(self.dpo)._anonymise("Erasure request DSR/1")
        for entry in entries:
            self.assertEqual(
                (entry.kind, entry.date, entry.user_id, entry.before, entry.after),
                before[entry.id],
            )
        written = entries.filtered(
            lambda e: e.kind in ("extension", "restriction", "legal_hold")
        )
        self.assertEqual(len(written), 5)
        self.assertEqual(set(written.mapped("reason")), {"(anonymised)"})
        anonymisation = Log.search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "anonymisation")]
        )
        self.assertEqual(anonymisation.user_id, self.dpo)
        self.assertEqual(anonymisation.reason, "Erasure request DSR/1")
        self.assertIn(
            "the reasons of 5 earlier decision(s) removed", anonymisation.after
        )
