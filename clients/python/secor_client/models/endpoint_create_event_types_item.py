from enum import StrEnum


class EndpointCreateEventTypesItem(StrEnum):
    CERTIFICATE_ISSUED = "certificate.issued"
    CERTIFICATE_MAINTENANCE_DUE = "certificate.maintenance_due"
    CERTIFICATE_STATUS_CHANGED = "certificate.status_changed"
    EMPLOYER_ELIGIBILITY_CHANGED = "employer.eligibility_changed"
    EMPLOYER_INTEGRATOR_ACCESS_CHANGED = "employer.integrator_access_changed"
    EMPLOYER_REGISTERED = "employer.registered"
    SUBMISSION_APPROVAL_REFUSED = "submission.approval_refused"
    SUBMISSION_RECEIVED = "submission.received"
    SUBMISSION_STATUS_CHANGED = "submission.status_changed"
    TRAINING_COMPLETION_RECORDED = "training.completion_recorded"
    TRAINING_COMPLETION_REVOKED = "training.completion_revoked"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint.disabled"

    def __str__(self) -> str:
        return str(self.value)
