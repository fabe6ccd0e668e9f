"""DiploQuote: who said what, about which issue, and how, in diplomatic news."""

__version__ = "0.1.0"  # the software (harness) version; the dataset's version is in dataset/VERSION
