package security

import (
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed spoofable-bot-check.md
var spoofableBotCheckDoc string

// SpoofableBotCheck reports a job or step let through, in a privileged run, because
// github.actor is a bot: the actor is whoever caused the latest event, which an attacker
// can arrange to be the bot.
var SpoofableBotCheck = &analyzer.Rule{
	ID:       "spoofable-bot-check",
	Title:    "a privileged job trusts github.actor to be a bot",
	Doc:      spoofableBotCheckDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Run:      runSpoofableBotCheck,

	Confidence:       analyzer.Medium,
	SecuritySeverity: 7.5,
}

// botActorCheck finds a positive comparison of the actor with a bot's login.
var botActorCheck = lazyre.New(`(?i)github\.(?:actor|triggering_actor|event\.sender\.login)\s*==\s*'([^']*\[bot\])'|'([^']*\[bot\])'\s*==\s*github\.(?:actor|triggering_actor|event\.sender\.login)`)

// authorCheck finds a condition that does not rest on the actor alone: the pull
// request's author, or the repository its head comes from.
var authorCheck = lazyre.New(`(?i)pull_request\.user\.login|head\.repo\.full_name|head_repository\.full_name|head\.repo\.fork|head_repository\.fork`)

func runSpoofableBotCheck(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	trigger := ""
	for _, name := range []string{"pull_request_target", "workflow_run"} {
		if trigger == "" && hasEvent(wf, name) {
			trigger = name
		}
	}
	if trigger == "" {
		return nil
	}
	for _, j := range wf.Jobs {
		if !holdsWrite(j, wf) && !readsSecret(j) {
			continue // a bot's run of it would grant nothing
		}
		checkBotCondition(p, j.If, trigger)
		eachStep(j.Steps, func(st *analyzer.Step) { checkBotCondition(p, st.If, trigger) })
	}
	return nil
}

func checkBotCondition(p *analyzer.Pass, cond *yaml.Node, trigger string) {
	v, ok := analyzer.ScalarValue(cond)
	if !ok || authorCheck.MatchString(v) {
		return
	}
	m := botActorCheck.FindStringSubmatchIndex(v)
	if m == nil {
		return
	}
	var bot string
	if m[2] >= 0 {
		bot = v[m[2]:m[3]]
	} else {
		bot = v[m[4]:m[5]]
	}
	p.Report(analyzer.Diagnostic{
		Range:    p.File.TextRange(cond, m[0], m[1]),
		Severity: analyzer.Error,
		Message: fmt.Sprintf("this condition trusts the actor to be %s in a run that %s starts with the repository's token and secrets, but the actor is whoever caused the latest event, which an attacker can make %s (for example by having it rebase or update their pull request); check the pull request's author instead (github.event.pull_request.user.login == '%s')",
			bot, trigger, bot, bot),
	})
}
