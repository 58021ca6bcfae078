/*
** presets.c: the three policies the library ships.
**
** default       the library's recommended rules.
** consumer      modelled on consumer-protection rules (EU PSD2, the Payment
**               Accounts Directive): stated reasons, two months' notice for a
**               no-fault closure, complaints answered within 15 business
**               days of a calendar with the TARGET closing days, conduct
**               suspensions need evidence and a second approver from
**               compliance, public criticism is never a ground, and an
**               investigation freeze is reviewed within a bounded period.
** discretionary what the platform in the December 2022 case did: anyone on staff
**               may restrict at once for any reason, with no evidence, no
**               second approver, no review deadline and a short notice.
**
** The tables are written in the policy text format in docs/policies/, where
** each figure is explained; the build turns those files into presets.inc
** (src/gen/presets_gen.c), so the documented presets are the built-in ones.
** The figures are for simulation and tests; they are not legal advice. Each
** table goes through acs_policy_build like any caller's table, so a preset
** is checked by the same rules.
*/
#include "internal.h"

/* preset_default, preset_consumer, preset_discretionary. */
#include "presets.inc"

const acs_policy_rules *acs_preset_rules(int preset)
{
    switch (preset) {
    case ACS_PRESET_DEFAULT: return &preset_default;
    case ACS_PRESET_CONSUMER: return &preset_consumer;
    case ACS_PRESET_DISCRETIONARY: return &preset_discretionary;
    default: return NULL;
    }
}

int acs_policy_preset(acs_policy *policy, int preset)
{
    if (policy == NULL) return ACS_E_NULL;
    const acs_policy_rules *rules = acs_preset_rules(preset);
    if (rules == NULL) return ACS_E_ENUM;
    int rc = acs_policy_build(policy, rules, NULL);
    /* A preset that fails its own checks is a defect of the library. */
    assert(rc == ACS_OK);
    return rc;
}
