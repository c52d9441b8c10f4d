#!/usr/bin/env bash
# From an employer's registration to a publicly verifiable certificate, through the public API.
#
# Run it from the project's folder with `make run` going:  examples/worked_example.sh
# Needs curl and jq. Dates are worked out from today in the program's timezone, so it runs on any day, and
# names are made unique, so it runs again on the same database. Every step checks its answer and the script
# stops at the first that is wrong, saying which and what came back.
#
# Settings (environment): GW (default http://localhost:8000), ADMIN (an admin key; default .data/admin-key),
# SECOR (the `secor` command; default .venv/bin/secor), SECOR_PROGRAM_TIMEZONE (default America/Edmonton).
set -euo pipefail

GW=${GW:-http://localhost:8000}
ADMIN=${ADMIN:-$(cat .data/admin-key 2>/dev/null || true)}
SECOR=${SECOR:-.venv/bin/secor}
ZONE=${SECOR_PROGRAM_TIMEZONE:-America/Edmonton}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "worked example stopped: $*" >&2; exit 1; }
for tool in curl jq; do command -v $tool >/dev/null || fail "it needs $tool (install it and run it again)"; done
[ -n "$ADMIN" ] || fail "no admin key: start the system with \`make run\` (it writes .data/admin-key) or set ADMIN"

# A day relative to today (in days), as the program's calendar has it: YYYY-MM-DD.
day() { TZ=$ZONE jq -nr --argjson d "$1" 'now + $d * 86400 | localtime | strftime("%Y-%m-%d")'; }

# api METHOD PATH KEY [JSON] [STATUS]: the answer's body; stops unless the status matches STATUS (a regex,
# default any 2xx).
api() {
  local method=$1 path=$2 key=$3 body=${4-} expected=${5:-2[0-9][0-9]} status
  local args=(-sS -X "$method" "$GW$path" -o "$WORK/answer" -w '%{http_code}')
  [ -n "$key" ] && args+=(-H "Authorization: Bearer $key")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  status=$(curl "${args[@]}") || fail "$method $path: no answer from $GW (is \`make run\` going?)"
  [[ $status =~ ^($expected)$ ]] || fail "$method $path answered $status: $(cat "$WORK/answer")"
  cat "$WORK/answer"
}

# wait_for WHAT COMMAND...: runs COMMAND until it succeeds, for 30 s at most.
wait_for() {
  local what=$1; shift
  for _ in $(seq 150); do "$@" && return 0; sleep 0.2; done
  fail "$what did not happen within 30 s"
}

RUN=$(date +%s)
WCB=$(printf '9%08d' $((RUN % 100000000)))
TODAY=$(day 0)
echo "Today is $TODAY in $ZONE; WCB account $WCB."

# Keys for each kind of user: an integrator (HSMS software), a QA analyst, a training provider.
key() { api POST /v1/api-keys "$ADMIN" "$1" 201 | jq -r .key; }
INTEGRATOR=$(key '{"name": "Acme HSMS", "kind": "integrator"}')
QA=$(key '{"name": "Quinn", "kind": "staff", "role": "qa_analyst"}')
PROVIDER_ID=$(api POST /v1/providers "$ADMIN" \
  "{\"name\": \"ACSA $RUN\", \"is_acsa\": true, \"approved_course_codes\": [\"SECOR\", \"CSTS\", \"SFA\"]}" 201 | jq -r .id)
PROVIDER=$(key "{\"name\": \"ACSA registrar\", \"kind\": \"provider\", \"provider_id\": \"$PROVIDER_ID\"}")

# The integrator registers its customer and the roster; staff record the WCB account and the ACSA membership.
EMP=$(api POST /v1/employers "$INTEGRATOR" "{\"wcb_account_number\": \"$WCB\", \"legal_name\": \"Prairie Roofing Ltd.\",
  \"contact_email\": \"owner@prairieroofing.example\"}" 201 | jq -r .id)
ANA='"given_name": "Ana", "family_name": "Silva", "email": "ana@prairieroofing.example"'
api POST "/v1/employers/$EMP/workers" "$INTEGRATOR" "{$ANA, \"role\": \"owner\", \"employment_type\": \"full_time\",
  \"start_date\": \"$(day -400)\"}" 201 >/dev/null
api PUT "/v1/employers/$EMP/wcb-account" "$ADMIN" "{\"status\": \"active\", \"as_of\": \"$(day -400)\"}" >/dev/null
api PUT "/v1/employers/$EMP/acsa-membership" "$ADMIN" \
  "{\"member_number\": \"M-$RUN\", \"valid_from\": \"$(day -30)\", \"valid_until\": \"$(day 335)\"}" >/dev/null
api PUT "/v1/employers/$EMP/assessor" "$INTEGRATOR" "{$ANA, \"internal\": true}" >/dev/null
echo "Employer $EMP registered with its roster, WCB account, ACSA membership and assessor."

# The provider posts Ana's courses; the worker carries them to the eligibility service as signed events, in a
# moment (an answer's `completions_through` says which ledger entries it reflects).
for course in SECOR CSTS SFA; do
  api POST /v1/completions "$PROVIDER" "{\"provider_record_id\": \"$RUN-$course\", \"course_code\": \"$course\",
    \"completed_on\": \"$(day -60)\", \"learner\": {$ANA}}" 201 >/dev/null
done
eligible() { api GET "/v1/employers/$EMP/eligibility" "$INTEGRATOR" | jq -e '.outcome == "eligible"' >/dev/null; }
wait_for "the employer becoming eligible" eligible
api GET "/v1/employers/$EMP/eligibility" "$INTEGRATOR" | jq -c '{outcome, checks: [.checks[] | {code, status}]}'
# {"outcome":"eligible","checks":[{"code":"headcount","status":"pass"},...]}: only an eligible employer is evaluated.

# A SECOR evaluation: the evaluation tool's score for every element of the instrument, out of its points, and
# the assessor who did it, over an audit period of the last twelve months.
SCORES=$(api GET /v1/instruments/current "$INTEGRATOR" \
  | jq -c '[.elements[] | {element: .code, earned: (.points * 0.9), possible: .points}]')
AUDIT_END=$(day -1)
EVALUATION="{\"employer_id\": \"$EMP\", \"kind\": \"certification\", \"audit_period_start\": \"$(day -365)\",
  \"audit_period_end\": \"$AUDIT_END\", \"contact_email\": \"owner@prairieroofing.example\", \"element_scores\": $SCORES,
  \"assessor\": {$ANA, \"internal\": true}}"
api POST "/v1/employers/$EMP/evaluation-readiness" "$INTEGRATOR" \
  "$(jq -c 'del(.employer_id, .contact_email, .element_scores)' <<< "$EVALUATION")" \
  | jq -e '.ready' >/dev/null || fail "the evaluation is not ready: $(cat "$WORK/answer")"
SUB=$(api POST /v1/submissions "$INTEGRATOR" "$EVALUATION" 201 | jq -r .id)

# The evaluation's documents, zipped as the instrument lays them out (`secor example-package` builds one); the
# day the package arrives is the day the evaluation is received, and intake checks it in the background.
$SECOR example-package "$WORK/package.zip" --audit-period-end "$AUDIT_END" >/dev/null \
  || fail "\`$SECOR example-package\` did not make the package"
STATUS=$(curl -sS -X PUT "$GW/v1/submissions/$SUB/package" -H "Authorization: Bearer $INTEGRATOR" \
  -H 'Content-Type: application/zip' --data-binary "@$WORK/package.zip" -o "$WORK/answer" -w '%{http_code}')
[ "$STATUS" = 202 ] || fail "PUT /v1/submissions/$SUB/package answered $STATUS: $(cat "$WORK/answer")"
checked() { api GET "/v1/submissions/$SUB" "$INTEGRATOR" | jq -e '.status != "validating"' >/dev/null; }
wait_for "intake of the package" checked
api GET "/v1/submissions/$SUB" "$INTEGRATOR" | jq -e '.status == "in_qa"' >/dev/null \
  || fail "intake did not pass the package: $(jq -c '.status, .intake_report.findings' "$WORK/answer")"
echo "Submission $SUB received on $TODAY and in QA."

# QA approves; the approval judges the evaluation again as of the day it was received (409 if it no longer passes).
api POST "/v1/submissions/$SUB/review" "$QA" '{"action": "approve", "note": "Well documented.", "qa_score": 86}' \
  | jq -e '.status == "approved"' >/dev/null || fail "the approval did not take: $(cat "$WORK/answer")"

# The approval issues the certificate (its event reaches the eligibility service in a moment); anyone can verify
# it, no key needed, and check the signature against GET /v1/certificates/verification-key.
issued() { api GET "/v1/employers/$EMP/certificate" "$INTEGRATOR" '' '200|404' | jq -e '.number' >/dev/null; }
wait_for "the certificate being issued" issued
NUMBER=$(jq -r .number "$WORK/answer")
api GET "/v1/certificates/$NUMBER/verification" '' | jq -c '{number, holder_legal_name, status, valid_from, valid_until}'
# {"number":"SECOR-2026-000001-1","holder_legal_name":"Prairie Roofing Ltd.","status":"active",...}
echo "Certificate $NUMBER is active; the mails to owner@prairieroofing.example are in .data/mail/."
