# Shortcuts for people who like make; dev.py is the real entry point.
.PHONY: start test bench
start:
	python3 dev.py start
test:
	python3 dev.py test
bench:
	python3 dev.py bench
