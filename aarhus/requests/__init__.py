"""Environmental-information requests: filing, clocks, answers, refusals, the public register."""
