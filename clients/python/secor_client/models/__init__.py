"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .accepted_status import AcceptedStatus
from .addendum_public import AddendumPublic
from .addendum_public_status import AddendumPublicStatus
from .api_key_create import ApiKeyCreate
from .api_key_create_kind import ApiKeyCreateKind
from .api_key_create_role_type_0 import ApiKeyCreateRoleType0
from .api_key_created import ApiKeyCreated
from .api_key_public import ApiKeyPublic
from .approval_refusal import ApprovalRefusal
from .assessor import Assessor
from .assessor_change import AssessorChange
from .assessor_public import AssessorPublic
from .assessor_update import AssessorUpdate
from .attempt_public import AttemptPublic
from .batch_request import BatchRequest
from .batch_result import BatchResult
from .certificate_decision import CertificateDecision
from .certificate_decision_action import CertificateDecisionAction
from .certificate_decision_status import CertificateDecisionStatus
from .certificate_group import CertificateGroup
from .certificate_held import CertificateHeld
from .certificate_overview import CertificateOverview
from .certificate_public import CertificatePublic
from .certificate_public_source import CertificatePublicSource
from .certificate_public_status import CertificatePublicStatus
from .certificate_stats import CertificateStats
from .certificate_stats_group_by import CertificateStatsGroupBy
from .certificate_summary import CertificateSummary
from .check_public import CheckPublic
from .check_public_evidence import CheckPublicEvidence
from .check_public_status import CheckPublicStatus
from .completion_create import CompletionCreate
from .completion_group import CompletionGroup
from .completion_overview import CompletionOverview
from .completion_overview_by_category import CompletionOverviewByCategory
from .completion_public import CompletionPublic
from .completion_public_status import CompletionPublicStatus
from .completion_stats import CompletionStats
from .completion_stats_group_by import CompletionStatsGroupBy
from .correction_public import CorrectionPublic
from .correction_public_new_outcome import CorrectionPublicNewOutcome
from .correction_public_old_outcome import CorrectionPublicOldOutcome
from .correction_review import CorrectionReview
from .course_create import CourseCreate
from .course_create_category import CourseCreateCategory
from .course_public import CoursePublic
from .course_public_category import CoursePublicCategory
from .declaration_create import DeclarationCreate
from .declaration_public import DeclarationPublic
from .determination_public import DeterminationPublic
from .determination_public_outcome import DeterminationPublicOutcome
from .element import Element
from .element_score import ElementScore
from .employer_completion import EmployerCompletion
from .employer_completion_matched_by_type_0 import EmployerCompletionMatchedByType0
from .employer_completion_status import EmployerCompletionStatus
from .employer_create import EmployerCreate
from .employer_history_entry import EmployerHistoryEntry
from .employer_history_entry_after_type_0 import EmployerHistoryEntryAfterType0
from .employer_history_entry_before_type_0 import EmployerHistoryEntryBeforeType0
from .employer_history_entry_change import EmployerHistoryEntryChange
from .employer_history_entry_fact import EmployerHistoryEntryFact
from .employer_public import EmployerPublic
from .employer_public_outcome_type_0 import EmployerPublicOutcomeType0
from .employer_stats import EmployerStats
from .employer_stats_by_outcome import EmployerStatsByOutcome
from .employer_update import EmployerUpdate
from .endpoint_create import EndpointCreate
from .endpoint_create_event_types_item import EndpointCreateEventTypesItem
from .endpoint_created import EndpointCreated
from .endpoint_public import EndpointPublic
from .endpoint_update import EndpointUpdate
from .endpoint_update_event_types_type_0_item import EndpointUpdateEventTypesType0Item
from .event_public import EventPublic
from .event_public_data import EventPublicData
from .event_type import EventType
from .event_type_schema import EventTypeSchema
from .failing_check_public import FailingCheckPublic
from .failing_check_public_status import FailingCheckPublicStatus
from .finding import Finding
from .finding_severity import FindingSeverity
from .import_certificates_json_body import ImportCertificatesJsonBody
from .import_certificates_json_body_certificate_import import ImportCertificatesJsonBodyCertificateImport
from .import_certificates_json_body_certificate_import_status import ImportCertificatesJsonBodyCertificateImportStatus
from .import_item_result import ImportItemResult
from .import_item_result_problem_type_0 import ImportItemResultProblemType0
from .import_item_result_status import ImportItemResultStatus
from .import_result import ImportResult
from .instrument_public import InstrumentPublic
from .instrument_public_pass_rules import InstrumentPublicPassRules
from .instrument_public_sampling import InstrumentPublicSampling
from .intake_report import IntakeReport
from .intake_report_inventory import IntakeReportInventory
from .intake_report_outcome import IntakeReportOutcome
from .intake_report_summary_type_0 import IntakeReportSummaryType0
from .integrator_access_public import IntegratorAccessPublic
from .item_result import ItemResult
from .item_result_problem_type_0 import ItemResultProblemType0
from .item_result_status import ItemResultStatus
from .learner import Learner
from .ledger_entry import LedgerEntry
from .ledger_entry_kind import LedgerEntryKind
from .link_create import LinkCreate
from .list_certificates_status_type_0 import ListCertificatesStatusType0
from .list_completions_status_type_0 import ListCompletionsStatusType0
from .list_employers_outcome_type_0 import ListEmployersOutcomeType0
from .list_submissions_kind_type_0 import ListSubmissionsKindType0
from .list_submissions_status_type_0 import ListSubmissionsStatusType0
from .mail_attachment import MailAttachment
from .mail_attachment_outcome import MailAttachmentOutcome
from .mail_info import MailInfo
from .mail_link import MailLink
from .mail_link_outcome import MailLinkOutcome
from .maintenance_window import MaintenanceWindow
from .maintenance_year import MaintenanceYear
from .maintenance_year_status import MaintenanceYearStatus
from .me import Me
from .membership_public import MembershipPublic
from .membership_update import MembershipUpdate
from .named_document_public import NamedDocumentPublic
from .outcome_count import OutcomeCount
from .overview import Overview
from .overview_employers import OverviewEmployers
from .owner import Owner
from .owner_kind import OwnerKind
from .package_file_entry import PackageFileEntry
from .package_files import PackageFiles
from .package_info import PackageInfo
from .package_info_source import PackageInfoSource
from .package_link import PackageLink
from .page_api_key_public import PageApiKeyPublic
from .page_attempt_public import PageAttemptPublic
from .page_certificate_public import PageCertificatePublic
from .page_completion_public import PageCompletionPublic
from .page_correction_public import PageCorrectionPublic
from .page_employer_completion import PageEmployerCompletion
from .page_employer_history_entry import PageEmployerHistoryEntry
from .page_employer_public import PageEmployerPublic
from .page_endpoint_public import PageEndpointPublic
from .page_event_public import PageEventPublic
from .page_ledger_entry import PageLedgerEntry
from .page_provider_public import PageProviderPublic
from .page_submission_public import PageSubmissionPublic
from .page_worker_public import PageWorkerPublic
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .problem_errors_item_location import ProblemErrorsItemLocation
from .proposed_employer import ProposedEmployer
from .proposed_employer_by import ProposedEmployerBy
from .provider_create import ProviderCreate
from .provider_public import ProviderPublic
from .provider_update import ProviderUpdate
from .readiness_public import ReadinessPublic
from .readiness_public_kind import ReadinessPublicKind
from .readiness_request import ReadinessRequest
from .readiness_request_keep_type_0 import ReadinessRequestKeepType0
from .readiness_request_kind import ReadinessRequestKind
from .received_package import ReceivedPackage
from .received_package_kind import ReceivedPackageKind
from .received_package_outcome import ReceivedPackageOutcome
from .received_package_source import ReceivedPackageSource
from .received_packages import ReceivedPackages
from .recovery_request import RecoveryRequest
from .recovery_result import RecoveryResult
from .refusal_public import RefusalPublic
from .refusal_public_errors_item import RefusalPublicErrorsItem
from .refusal_reason import RefusalReason
from .reminder import Reminder
from .reminder_due import ReminderDue
from .reminder_status import ReminderStatus
from .review import Review
from .review_action import ReviewAction
from .revocation_create import RevocationCreate
from .roster_sync import RosterSync
from .secret_rotated import SecretRotated
from .signature import Signature
from .status_change import StatusChange
from .submission_create import SubmissionCreate
from .submission_create_kind import SubmissionCreateKind
from .submission_group import SubmissionGroup
from .submission_history_entry import SubmissionHistoryEntry
from .submission_overview import SubmissionOverview
from .submission_overview_by_channel import SubmissionOverviewByChannel
from .submission_overview_by_status import SubmissionOverviewByStatus
from .submission_public import SubmissionPublic
from .submission_public_channel import SubmissionPublicChannel
from .submission_public_kind_type_0 import SubmissionPublicKindType0
from .submission_public_status import SubmissionPublicStatus
from .submission_stats import SubmissionStats
from .submission_stats_by_channel import SubmissionStatsByChannel
from .submission_stats_group_by import SubmissionStatsGroupBy
from .sync_report import SyncReport
from .triage_accept import TriageAccept
from .triage_accept_kind import TriageAcceptKind
from .triage_discard import TriageDiscard
from .verification import Verification
from .verification_key import VerificationKey
from .verification_public import VerificationPublic
from .verification_public_status import VerificationPublicStatus
from .wcb_account_public import WcbAccountPublic
from .wcb_account_public_status import WcbAccountPublicStatus
from .wcb_account_update import WcbAccountUpdate
from .wcb_account_update_status import WcbAccountUpdateStatus
from .worker_create import WorkerCreate
from .worker_create_employment_type import WorkerCreateEmploymentType
from .worker_create_role import WorkerCreateRole
from .worker_public import WorkerPublic
from .worker_public_employment_type import WorkerPublicEmploymentType
from .worker_public_role import WorkerPublicRole
from .worker_term import WorkerTerm
from .worker_term_employment_type import WorkerTermEmploymentType
from .worker_term_role import WorkerTermRole
from .worker_update import WorkerUpdate
from .worker_update_employment_type_type_0 import WorkerUpdateEmploymentTypeType0
from .worker_update_role_type_0 import WorkerUpdateRoleType0

__all__ = (
    "Accepted",
    "AcceptedStatus",
    "AddendumPublic",
    "AddendumPublicStatus",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyCreateKind",
    "ApiKeyCreateRoleType0",
    "ApiKeyPublic",
    "ApprovalRefusal",
    "Assessor",
    "AssessorChange",
    "AssessorPublic",
    "AssessorUpdate",
    "AttemptPublic",
    "BatchRequest",
    "BatchResult",
    "CertificateDecision",
    "CertificateDecisionAction",
    "CertificateDecisionStatus",
    "CertificateGroup",
    "CertificateHeld",
    "CertificateOverview",
    "CertificatePublic",
    "CertificatePublicSource",
    "CertificatePublicStatus",
    "CertificateStats",
    "CertificateStatsGroupBy",
    "CertificateSummary",
    "CheckPublic",
    "CheckPublicEvidence",
    "CheckPublicStatus",
    "CompletionCreate",
    "CompletionGroup",
    "CompletionOverview",
    "CompletionOverviewByCategory",
    "CompletionPublic",
    "CompletionPublicStatus",
    "CompletionStats",
    "CompletionStatsGroupBy",
    "CorrectionPublic",
    "CorrectionPublicNewOutcome",
    "CorrectionPublicOldOutcome",
    "CorrectionReview",
    "CourseCreate",
    "CourseCreateCategory",
    "CoursePublic",
    "CoursePublicCategory",
    "DeclarationCreate",
    "DeclarationPublic",
    "DeterminationPublic",
    "DeterminationPublicOutcome",
    "Element",
    "ElementScore",
    "EmployerCompletion",
    "EmployerCompletionMatchedByType0",
    "EmployerCompletionStatus",
    "EmployerCreate",
    "EmployerHistoryEntry",
    "EmployerHistoryEntryAfterType0",
    "EmployerHistoryEntryBeforeType0",
    "EmployerHistoryEntryChange",
    "EmployerHistoryEntryFact",
    "EmployerPublic",
    "EmployerPublicOutcomeType0",
    "EmployerStats",
    "EmployerStatsByOutcome",
    "EmployerUpdate",
    "EndpointCreate",
    "EndpointCreated",
    "EndpointCreateEventTypesItem",
    "EndpointPublic",
    "EndpointUpdate",
    "EndpointUpdateEventTypesType0Item",
    "EventPublic",
    "EventPublicData",
    "EventType",
    "EventTypeSchema",
    "FailingCheckPublic",
    "FailingCheckPublicStatus",
    "Finding",
    "FindingSeverity",
    "ImportCertificatesJsonBody",
    "ImportCertificatesJsonBodyCertificateImport",
    "ImportCertificatesJsonBodyCertificateImportStatus",
    "ImportItemResult",
    "ImportItemResultProblemType0",
    "ImportItemResultStatus",
    "ImportResult",
    "InstrumentPublic",
    "InstrumentPublicPassRules",
    "InstrumentPublicSampling",
    "IntakeReport",
    "IntakeReportInventory",
    "IntakeReportOutcome",
    "IntakeReportSummaryType0",
    "IntegratorAccessPublic",
    "ItemResult",
    "ItemResultProblemType0",
    "ItemResultStatus",
    "Learner",
    "LedgerEntry",
    "LedgerEntryKind",
    "LinkCreate",
    "ListCertificatesStatusType0",
    "ListCompletionsStatusType0",
    "ListEmployersOutcomeType0",
    "ListSubmissionsKindType0",
    "ListSubmissionsStatusType0",
    "MailAttachment",
    "MailAttachmentOutcome",
    "MailInfo",
    "MailLink",
    "MailLinkOutcome",
    "MaintenanceWindow",
    "MaintenanceYear",
    "MaintenanceYearStatus",
    "Me",
    "MembershipPublic",
    "MembershipUpdate",
    "NamedDocumentPublic",
    "OutcomeCount",
    "Overview",
    "OverviewEmployers",
    "Owner",
    "OwnerKind",
    "PackageFileEntry",
    "PackageFiles",
    "PackageInfo",
    "PackageInfoSource",
    "PackageLink",
    "PageApiKeyPublic",
    "PageAttemptPublic",
    "PageCertificatePublic",
    "PageCompletionPublic",
    "PageCorrectionPublic",
    "PageEmployerCompletion",
    "PageEmployerHistoryEntry",
    "PageEmployerPublic",
    "PageEndpointPublic",
    "PageEventPublic",
    "PageLedgerEntry",
    "PageProviderPublic",
    "PageSubmissionPublic",
    "PageWorkerPublic",
    "Problem",
    "ProblemErrorsItem",
    "ProblemErrorsItemLocation",
    "ProposedEmployer",
    "ProposedEmployerBy",
    "ProviderCreate",
    "ProviderPublic",
    "ProviderUpdate",
    "ReadinessPublic",
    "ReadinessPublicKind",
    "ReadinessRequest",
    "ReadinessRequestKeepType0",
    "ReadinessRequestKind",
    "ReceivedPackage",
    "ReceivedPackageKind",
    "ReceivedPackageOutcome",
    "ReceivedPackages",
    "ReceivedPackageSource",
    "RecoveryRequest",
    "RecoveryResult",
    "RefusalPublic",
    "RefusalPublicErrorsItem",
    "RefusalReason",
    "Reminder",
    "ReminderDue",
    "ReminderStatus",
    "Review",
    "ReviewAction",
    "RevocationCreate",
    "RosterSync",
    "SecretRotated",
    "Signature",
    "StatusChange",
    "SubmissionCreate",
    "SubmissionCreateKind",
    "SubmissionGroup",
    "SubmissionHistoryEntry",
    "SubmissionOverview",
    "SubmissionOverviewByChannel",
    "SubmissionOverviewByStatus",
    "SubmissionPublic",
    "SubmissionPublicChannel",
    "SubmissionPublicKindType0",
    "SubmissionPublicStatus",
    "SubmissionStats",
    "SubmissionStatsByChannel",
    "SubmissionStatsGroupBy",
    "SyncReport",
    "TriageAccept",
    "TriageAcceptKind",
    "TriageDiscard",
    "Verification",
    "VerificationKey",
    "VerificationPublic",
    "VerificationPublicStatus",
    "WcbAccountPublic",
    "WcbAccountPublicStatus",
    "WcbAccountUpdate",
    "WcbAccountUpdateStatus",
    "WorkerCreate",
    "WorkerCreateEmploymentType",
    "WorkerCreateRole",
    "WorkerPublic",
    "WorkerPublicEmploymentType",
    "WorkerPublicRole",
    "WorkerTerm",
    "WorkerTermEmploymentType",
    "WorkerTermRole",
    "WorkerUpdate",
    "WorkerUpdateEmploymentTypeType0",
    "WorkerUpdateRoleType0",
)
