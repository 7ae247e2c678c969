# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import reclamation_complaint_analysis
from . import reclamation_fairness_report
