"""CloudFront distributions, Lambda@Edge and CloudFront Functions."""
