# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import reclamation_holding_letter
from . import reclamation_public_holiday_import
from . import reclamation_sla_preset
from . import reclamation_share_wizard
from . import reclamation_privacy_decision
from . import reclamation_request_extension
from . import reclamation_complaint_desk_confirm
from . import reclamation_desk_move
from . import reclamation_complaint_close
from . import reclamation_resolution_wizard
from . import reclamation_annual_report
from . import reclamation_resolution_wizard_closure
from . import base_partner_merge_automatic_wizard
from . import reclamation_readiness
