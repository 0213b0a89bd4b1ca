"""Lambda function URLs: SAM FunctionUrlConfig and AWS::Lambda::Url."""
