"""What a person looks at: document views, the static site, the HTML evaluation report, plots and card charts."""
