module github.com/wflint/wflint

go 1.26

require (
	github.com/mattn/go-isatty v0.0.20
	github.com/mattn/go-runewidth v0.0.21
	github.com/spf13/pflag v1.1.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	golang.org/x/sys v0.42.0 // indirect
)
