# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import reclamation_charter
from . import reclamation_decision_log
from . import reclamation_sla_policy
from . import resource_calendar
from . import res_company
from . import res_config_settings
from . import res_partner
from . import reclamation_consent_purpose
from . import reclamation_consent_text
from . import reclamation_consent
from . import reclamation_data_share
from . import reclamation_data_request
from . import reclamation_privacy
from . import helpdesk_ticket_channel
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import helpdesk_ticket
from . import helpdesk_ticket_privacy
from . import res_users
