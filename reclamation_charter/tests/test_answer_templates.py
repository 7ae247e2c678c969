# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

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
                "name": "We are examining it",
                "model_id": model,
                "subject": "Your complaint {{ object.number }}",
                "body_html": "<p>We are examining <t t-out='object.name'/>.</p>",
            }
        )
        cls.template_fr = Template.create(
            {
                "name": "Nous l'examinons",
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
