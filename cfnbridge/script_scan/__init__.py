"""What a server's scripts call on AWS, found in user data and cfn-init, located in the template.

``shell`` finds the calls in text (the AWS CLI, boto3, PowerShell cmdlets, ``*.amazonaws.com``
names, metadata paths Nova does not serve, CloudFormation helper tools); ``collect`` finds the
scripts a server runs and the literal pieces they are made of; ``positions`` turns an offset
in a piece into a line and column of the file; ``table`` is the data (``resource_maps/scripts``);
``report`` turns what was found into located gaps.
"""
