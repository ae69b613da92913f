package bot

import (
	"errors"
	"slices"

	"github.com/slack-go/slack"
)

// authCodes are the Web API errors that say a token is not accepted: wrong,
// revoked, expired, of the wrong kind, without the scope asked for, or of a
// deactivated user or workspace. Retrying does not help; a person must.
var authCodes = []string{
	"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
	"not_allowed_token_type", "missing_scope", "no_permission", "access_denied",
	"ekm_access_denied", "org_login_required", "team_access_not_granted", "two_factor_setup_required",
}

// TokenRejected reports whether err is Slack refusing a token, with the
// error code Slack gave.
func TokenRejected(err error) (code string, ok bool) {
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) && slices.Contains(authCodes, resp.Err) {
		return resp.Err, true
	}
	return "", false
}

// connectionRejected is the error of a connection event that says the
// app-level token was refused, or nil. slack-go gives up by itself on some
// of these (invalid_auth, token_revoked) but retries others forever
// (not_allowed_token_type, token_expired).
func connectionRejected(data any) error {
	ev, ok := data.(*slack.ConnectionErrorEvent)
	if !ok || ev == nil {
		return nil
	}
	if _, rejected := TokenRejected(ev.ErrorObj); rejected {
		return ev.ErrorObj
	}
	return nil
}
