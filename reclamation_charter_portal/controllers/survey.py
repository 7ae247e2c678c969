# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class SatisfactionSurvey(Survey):
    """The satisfaction survey of a complaint ends with a way back to it."""

    def _prepare_survey_finished_values(self, survey, answer, token=False):
        values = super()._prepare_survey_finished_values(survey, answer, token=token)
        values["reclamation_complaint_url"] = request.env[
            "helpdesk.ticket"
        ]._get_satisfaction_return_url(answer)
        return values
