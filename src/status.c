/*
** status.c: the account's status and what the customer may do in it.
**
** Status is never stored: it is the stricter of what the lifecycle gives and
** what the strictest hold gives, so it cannot disagree with the holds. The
** withdrawal window follows the status too: it runs only while the status
** lets the customer withdraw (acs__window_follow). acs__status itself is
** inline in internal.h, since every operation asks for it several times.
*/
#include "internal.h"

unsigned acs__capabilities(const acs_policy *policy, uint8_t status)
{
    assert(status >= ACS_STATUS_ACTIVE && status <= ACS_STATUS_CLOSED);
    return policy->rules.capabilities[status];
}

/* Pause or resume the withdrawal window after a change at now_ms, which
** left the account with status. */
void acs__window_follow(const acs_policy *policy, unsigned lifecycle, acs__window *window,
                        uint8_t status, int64_t now_ms)
{
    if (lifecycle != ACS_LIFECYCLE_CLOSING) {
        /* A rescinded or finished closure leaves no window to pause. */
        window->flags &= (uint8_t)~ACS_ACCOUNT_WINDOW_PAUSED;
        window->paused_ms = 0;
        return;
    }
    assert(status >= ACS_STATUS_ACTIVE && status < ACS_STATUS_CLOSED);
    bool paused = (window->flags & ACS_ACCOUNT_WINDOW_PAUSED) != 0;
    bool ended = (window->flags & ACS_ACCOUNT_WINDOW_ENDED) != 0;
    bool pauses = (policy->rules.flags & ACS_POLICY_WINDOW_PAUSES) != 0;
    bool can_withdraw = (acs__capabilities(policy, status) & ACS_CAP_WITHDRAW) != 0;
    bool blocked = !ended && pauses && !can_withdraw;

    if (blocked && !paused) {
        window->flags |= ACS_ACCOUNT_WINDOW_PAUSED;
        window->paused_ms = now_ms;
    } else if (!blocked && paused) {
        assert(now_ms >= window->paused_ms);
        int64_t paused_for = now_ms - window->paused_ms;
        /* Both sums stay below 2^48, so they cannot overflow; the clamp
        ** keeps them in the range a time may take. */
        int64_t end = window->end_ms + paused_for;
        int64_t maximum = window->max_ms + paused_for;
        window->end_ms = end > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : end;
        window->max_ms = maximum > ACS_TIME_MAX_MS ? ACS_TIME_MAX_MS : maximum;
        window->flags &= (uint8_t)~ACS_ACCOUNT_WINDOW_PAUSED;
        window->paused_ms = 0;
    }
    if (blocked) assert(window->flags & ACS_ACCOUNT_WINDOW_PAUSED);
}

int acs_account_capabilities(const acs_policy *policy, const acs_account *account,
                             unsigned *capabilities)
{
    if (account == NULL || capabilities == NULL) return ACS_E_NULL;
    int rc = acs__policy_usable(policy);
    if (rc != ACS_OK) return rc;
    acs__state state;
    rc = acs__unpack(&state, account);
    if (rc != ACS_OK) return rc;
    *capabilities = acs__capabilities(policy, acs__status(&state));
    return ACS_OK;
}

int acs_account_can(const acs_policy *policy, const acs_account *account,
                    unsigned capability)
{
    if (account == NULL) return ACS_E_NULL;
    int rc = acs__policy_usable(policy);
    if (rc != ACS_OK) return rc;
    bool one_bit = capability != 0 && (capability & (capability - 1)) == 0;
    if (!one_bit || (capability & ~ACS_CAP_ALL) != 0) return ACS_E_ENUM;
    unsigned capabilities = 0;
    rc = acs_account_capabilities(policy, account, &capabilities);
    if (rc != ACS_OK) return rc;
    return (capabilities & capability) != 0 ? 1 : 0;
}
