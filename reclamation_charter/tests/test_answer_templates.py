# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.misc import file_path

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestAnswerTemplates(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["mail.template"]
        model = cls.env["ir.model"]._get_id("helpdesk.ticket")
        cls.template_en = Template.create(
            {
                # The stage lists its templates by name, as the demo's.
                "name": "Answer: we are examining it",
                "model_id": model,
                "subject": "Your complaint {{ object.number }}",
                "body_html": "<p>We are examining <t t-out='object.name'/>.</p>",
            }
        )
        cls.template_fr = Template.create(
            {
                "name": "Réponse : nous l'examinons",
                "model_id": model,
                "subject": "Votre réclamation {{ object.number }}",
                "body_html": "<p>Nous examinons <t t-out='object.name'/>.</p>",
            }
        )
        cls.complaint = cls._create_complaint()
        cls.complaint.stage_id.reclamation_answer_template_ids = [
            (6, 0, (cls.template_en | cls.template_fr).ids)
        ]

    def _composer(self, user):
        action = self.complaint.with_user(user).action_reclamation_answer()
        self.assertEqual(action["res_model"], "mail.compose.message")
        return Form(
            self.env["mail.compose.message"]
            .with_user(user)
            .with_context(**action["context"])
        )

    def test_handler_answers_with_a_stage_template_and_adapts_it(self):
        composer = self._composer(self.handler)
        # The stage's templates are proposed, the first one inserted.
        self.assertEqual(
            composer.reclamation_answer_template_ids[:],
            self.template_en | self.template_fr,
        )
        self.assertEqual(composer.template_id, self.template_en)
        self.assertIn("We are examining", composer.body)
        # Another template of the stage replaces the text, which is adapted.
        composer.reclamation_answer_template_id = self.template_fr
        self.assertEqual(composer.template_id, self.template_fr)
        self.assertIn("Nous examinons", composer.body)
        composer.body = "<p>Nous examinons votre dossier avec l'assureur.</p>"
        composer.save().action_send_mail()
        message = self.complaint.message_ids[:1]
        self.assertIn("avec l'assureur", message.body)
        self.assertEqual(message.author_id, self.handler.partner_id)
        self.assertEqual(message.message_type, "comment")

    def test_stage_without_templates(self):
        self.complaint.stage_id.reclamation_answer_template_ids = False
        with self.assertRaises(UserError) as catcher:
            self.complaint.with_user(self.handler).action_reclamation_answer()
        self.assertIn("has no answer template", str(catcher.exception))

    def test_other_stage_other_templates(self):
        stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "Waiting for you", "team_ids": [(6, 0, self.desk.ids)]}
        )
        self.complaint.stage_id = stage
        stage.reclamation_answer_template_ids = self.template_fr
        composer = self._composer(self.handler)
        self.assertEqual(composer.template_id, self.template_fr)
        self.assertEqual(composer.reclamation_answer_template_ids[:], self.template_fr)

    def _send_waiting_answer(self, body_html, written):
        """A handler answers with a template leaving a blank, and sends what
        ``written`` makes of its text."""
        template = self.env["mail.template"].create(
            {
                "name": "A document we need",
                "model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "subject": "Your complaint {{ object.number }}",
                "body_html": body_html,
            }
        )
        self.complaint.stage_id.reclamation_answer_template_ids = template
        composer = self._composer(self.handler)
        composer.body = written(composer.body)
        return composer.save()

    def test_an_answer_with_a_blank_of_its_template_is_refused(self):
        for body_html, blank, filled in (
            (
                "<p>To examine your complaint, we need [the document].</p>",
                "[the document]",
                "your invoice of March",
            ),
            (
                "<p>Pour examiner votre réclamation, il nous faut "
                "[ce document].</p>",
                "[ce document]",
                "votre facture de mars",
            ),
        ):
            with self.subTest(blank=blank):
                composer = self._send_waiting_answer(body_html, lambda body: body)
                with self.assertRaises(UserError) as catcher:
                    composer.action_send_mail()
                self.assertIn(blank, str(catcher.exception))
                self.assertNotIn(blank, self.complaint.message_ids[:1].body or "")
                # Filled in, it leaves.
                composer = self._send_waiting_answer(
                    body_html,
                    lambda body, blank=blank, filled=filled: body.replace(
                        blank, filled
                    ),
                )
                composer.action_send_mail()
                self.assertIn(filled, self.complaint.message_ids[:1].body)

    def test_brackets_the_handler_writes_are_not_blanks(self):
        composer = self._send_waiting_answer(
            "<p>We are examining your complaint.</p>",
            lambda body: body.replace(
                "examining", "examining [as agreed on the phone]"
            ),
        )
        composer.action_send_mail()
        self.assertIn("[as agreed on the phone]", self.complaint.message_ids[:1].body)


@tagged("post_install", "-at_install")
class TestDemoAnswerTemplates(ReclamationCase):
    """The canned answers the demo data ships, as a customer reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.complaint = cls._create_complaint()

    def _demo_template(self, xmlid):
        """A canned answer of the demo data, as it ships."""
        tree = etree.parse(
            file_path("reclamation_charter/demo/reclamation_answer_template_demo.xml")
        )
        record = tree.find(f".//record[@id='{xmlid}']")
        body = record.find("field[@name='body_html']")
        return self.env["mail.template"].create(
            {
                "name": record.findtext("field[@name='name']"),
                "model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "lang": record.findtext("field[@name='lang']"),
                "subject": record.findtext("field[@name='subject']"),
                "body_html": "".join(
                    etree.tostring(child, encoding="unicode") for child in body
                ),
            }
        )

    def test_demo_answers_give_the_date_in_their_language(self):
        self.customer.tz = "Europe/Paris"
        # One second before midnight in Paris, on 4 January.
        self.complaint._write_managed(
            {"resolution_deadline": datetime(2027, 1, 4, 22, 59, 59)}
        )
        for xmlid, expected in (
            ("mail_template_demo_answer_review_en", "January 4, 2027"),
            ("mail_template_demo_answer_review_fr", "4 janvier 2027"),
        ):
            with self.subTest(template=xmlid):
                template = self._demo_template(xmlid)
                body = template._render_field(
                    "body_html", self.complaint.ids, compute_lang=True
                )[self.complaint.id]
                self.assertIn(expected, body)
                self.assertNotIn("2027-01-04", body)
                self.assertNotIn("22:59", body)
