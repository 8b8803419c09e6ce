"""One bad and one good template per lint rule; ``# <-`` marks the line a finding must point at."""

from __future__ import annotations

HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n"
BUCKET = HEAD + "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
INSTANCE = HEAD + """Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref Image
      InstanceType: !Ref Flavor
Parameters:
  Image: {Type: String, Default: cirros}
  Flavor: {Type: String, Default: m1.small}
"""
SUBNET = HEAD + """Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: true
"""

# rule id -> (bad template, good template, target)
CASES: dict[str, tuple[str, str, str]] = {
    "CB0001": (SUBNET + "  Nat:\n    Type: AWS::EC2::NatGateWay  # <-\n    Properties: {SubnetId: !Ref Subnet}\n",
               SUBNET + "  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: !Ref Subnet}\n", "hot"),
    "CB0002": (SUBNET.replace("      CidrBlock: 10.0.1.0/24", "      CidrBlok: 10.0.1.0/24  # <-"), SUBNET, "hot"),
    "CB0003": (SUBNET.replace("MapPublicIpOnLaunch: true", "MapPublicIpOnLaunch: maybe  # <-"),
               SUBNET.replace("MapPublicIpOnLaunch: true", "MapPublicIpOnLaunch: 'false'"), "hot"),
    "CB0004": (HEAD + "Resources:\n  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n"
               "      Scheme: internet-facin  # <-\n",
               HEAD + "Resources:\n  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n"
               "      Scheme: internet-facing\n", "hot"),
    "CB0005": (SUBNET.replace("      VpcId: !Ref Vpc\n", "").replace(
        "    Properties:\n      CidrBlock: 10.0.1", "    Properties:  # <-\n      CidrBlock: 10.0.1"),
               SUBNET, "hot"),
    "CB0006": (SUBNET + "Outputs:\n  Zone:\n    Value: !GetAtt Subnet.AvailabiltyZone  # <-\n",
               SUBNET + "Outputs:\n  Zone:\n    Value: !GetAtt Subnet.AvailabilityZone\n", "hot"),
    "CB1000": (BUCKET + "    Type: AWS::S3::Bucket  # <-\n", BUCKET, "hot"),
    "CB1001": ("AWSTemplateFormatVersion: '2010-09-09'  # <-\nDescription: no resources\n", BUCKET, "hot"),
    "CB1002": (HEAD + "Transform: AWS::Serverless-2016-10-31  # <-\n" + BUCKET[len(HEAD):], BUCKET, "hot"),
    "CB1403": (HEAD + "Metadata:\n  Owner: me  # <-\n" + BUCKET[len(HEAD):], BUCKET, "hot"),
    "CB1004": (HEAD + "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Buckets:  # <-\n"
               "    - Name\n    - !GetAZs ''\n    - B${Name}:\n        Type: AWS::S3::Bucket\n  Bucket:\n"
               "    Type: AWS::S3::Bucket\n", BUCKET, "hot"),
    "CB1005": ("Resources:  # <-\n  Bucket:\n    Type: AWS::S3::Bucket\n", BUCKET, "native"),
    "CB2001": (BUCKET + "    Properties:\n      Tags:\n        - Key: k\n"
               "          Value: !Join ['', !Split [',', !Ref P]]\n"
               "Parameters:\n  P: {Type: String}\nOutputs:\n  O:\n    Value: {'Fn::Nope': x}  # <-\n",
               BUCKET, "hot"),
    "CB2002": (BUCKET + "    Properties:\n      Tags:\n        - Key: k\n          Value: !Length [[1, 2]]  # <-\n",
               BUCKET, "hot"),
    "CB2403": (BUCKET + "Outputs:\n  A:\n    Value: !Ref AWS::Region  # <-\n",
               BUCKET + "Outputs:\n  A:\n    Value: !Ref AWS::StackName\n", "hot"),
    "CB2004": (BUCKET + "    Properties:\n      BucketName: !Ref Nowhere  # <-\n", BUCKET, "hot"),
    "CB2405": (BUCKET + "    Properties:\n      Tags:\n        - Key: k\n"
               "          Value: !If [C, x, !Ref AWS::NoValue]  # <-\n"
               "Conditions:\n  C: !Equals [a, b]\n", BUCKET, "native"),
    "CB2006": (BUCKET + "    Properties:\n      Tags:\n        - Key: k\n          Value: !Base64 abc  # <-\n",
               BUCKET, "hot"),
    "CB2007": (BUCKET + "    Properties:\n      BucketName: !Select [0, !GetAZs '']  # <-\n", BUCKET, "hot"),
    "CB2008": (BUCKET + "    Properties:\n      BucketName: !Select [1, !GetAZs '']  # <-\n",
               BUCKET + "    Properties:\n      BucketName: !Select [0, !GetAZs '']\n", "hot"),
    "CB2009": (BUCKET + "    Properties:\n      BucketName: !FindInMap [M, !Ref AWS::Region, name]  # <-\n"
               "Mappings:\n  M:\n    us-east-1: {name: a}\n", BUCKET, "hot"),
    "CB3001": (HEAD + "Resources:\n  Thing:\n    Type: AWS::APS::Workspace  # <-\n", BUCKET, "hot"),
    "CB3402": (HEAD + "Resources:\n  Gateway:\n    Type: AWS::EC2::InternetGateway  # <-\n", BUCKET, "hot"),
    "CB3003": (BUCKET + "    Properties:\n      VersioningConfiguration:\n        Status: Enabled  # <-\n",
               BUCKET, "hot"),
    "CB3404": (HEAD + "Resources:\n  Vol:\n    Type: AWS::EC2::Volume\n"
               "    Properties: {Size: 10, AvailabilityZone: nova}\n"
               "  Att:\n    Type: AWS::EC2::VolumeAttachment\n    Properties:\n      Device: /dev/sdh  # <-\n"
               "      InstanceId: i-123\n      VolumeId: !Ref Vol\n", BUCKET, "hot"),
    "CB3005": (INSTANCE.replace("      ImageId", "      Tenancy: dedicated  # <-\n      ImageId"), INSTANCE,
               "native"),
    "CB3006": (BUCKET + "Outputs:\n  A:\n    Value: !GetAtt Bucket.Arn  # <-\n", BUCKET, "hot"),
    "CB3407": (BUCKET + "Outputs:\n  A:\n    Value: !GetAtt Bucket.DomainName  # <-\n", BUCKET, "hot"),
    "CB3008": (BUCKET + "    Properties:\n      BucketName: !Ref Thing  # <-\n"
               "  Thing:\n    Type: AWS::APS::Workspace\n",
               BUCKET, "hot"),
    "CB3009": (BUCKET + "    Properties:\n      Tags:\n        - Key: !Ref P  # <-\n          Value: v\n"
               "Parameters:\n  P: {Type: String}\n", BUCKET, "hot"),
    "CB3010": (INSTANCE.replace("ImageId: !Ref Image", "ImageId: ami-12345678  # <-"), BUCKET, "hot"),
    "CB3011": (INSTANCE.replace("InstanceType: !Ref Flavor", "InstanceType: x2iezn.12xlarge  # <-"), BUCKET, "hot"),
    "CB3012": (INSTANCE.replace("    Properties:", "    Metadata:\n      AWS::CloudFormation::Init:\n"
                                "        config: {}  # <-\n    Properties:", 1), INSTANCE, "native"),
    "CB3413": (INSTANCE.replace("ImageId: !Ref Image", "ImageId: !Ref Image  # <-"), BUCKET, "hot"),
    # The warning cases of the rules above, whose info cases are their CB_4__ siblings.
    "CB1003": (HEAD + "Rules:\n  R:  # <-\n    Assertions: []\n" + BUCKET[len(HEAD):], BUCKET, "hot"),
    "CB2003": (BUCKET + "Outputs:\n  A:\n    Value: !Ref AWS::URLSuffix  # <-\n", BUCKET, "hot"),
    "CB3002": (SUBNET + "  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties:\n      SubnetId: !Ref Subnet\n"
               "      ConnectivityType: private  # <-\n", BUCKET, "hot"),
    "CB3004": (BUCKET + "    Properties:\n      AccessControl: PublicReadWrite  # <-\n", BUCKET, "hot"),
    "CB3007": (HEAD + "Resources:\n  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n"
               "      Subnets: [subnet-1]\nOutputs:\n  A:\n    Value: !GetAtt Lb.DNSName  # <-\n", BUCKET, "hot"),
    "CB3013": (SUBNET.replace("MapPublicIpOnLaunch: true", "MapPublicIpOnLaunch: true  # <-"), BUCKET, "hot"),
    "CB4001": (BUCKET + "Parameters:\n  P:\n    Type: AWS::SSM::Parameter::Value<String>  # <-\n    Default: /a/b\n",
               BUCKET, "hot"),
    "CB3320": (INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          curl -o /tmp/a https://s3.amazonaws.com/bucket/a  # <-\n      ImageId"),
               INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          curl -o /tmp/a https://example.org/a\n      ImageId"), "hot"),
    "CB3420": (INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          /opt/aws/bin/cfn-create-aws-symlinks  # <-\n      ImageId"),
               INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          echo ready\n      ImageId"), "hot"),
    "CB3040": (INSTANCE.replace("    Properties:\n", "    Metadata:\n      AWS::CloudFormation::Init:\n"
                                "        config:\n"
                                "          packages: {yum: {httpd: []}}\n    Properties:\n      UserData:\n"
                                "        Fn::Base64: !Sub |  # <-\n          #!/bin/sh\n"
                                "          /opt/aws/bin/cfn-init -s ${AWS::StackName} -r Server\n"), INSTANCE, "hot"),
    "CB3041": (INSTANCE.replace("    Properties:\n", "    Metadata:\n      AWS::CloudFormation::Init:\n"
                                "        config:\n"
                                "          packages: {yum: {httpd: []}}\n    Properties:\n      UserData:\n"
                                "        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          /opt/aws/bin/cfn-init -s ${AWS::StackName} -r Elsewhere  # <-\n"),
               INSTANCE.replace("    Properties:\n", "    Metadata:\n      AWS::CloudFormation::Init:\n"
                                "        config:\n"
                                "          packages: {yum: {httpd: []}}\n    Properties:\n      UserData:\n"
                                "        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          /opt/aws/bin/cfn-init -s ${AWS::StackName} -r Server\n"), "hot"),
    "CB3042": (INSTANCE.replace("    Properties:\n", "    Metadata:\n      AWS::CloudFormation::Init:\n"
                                "        config:\n"
                                "          services:\n            sysvinit:\n              cfn-hup:\n"
                                "                enabled: true  # <-\n    Properties:\n      UserData:\n"
                                "        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          /opt/aws/bin/cfn-init -s ${AWS::StackName} -r Server\n"), INSTANCE, "hot"),
    "CB1304": (HEAD + "Transform: AWS::LanguageExtensions\nParameters:\n  Names:\n    Type: CommaDelimitedList\n"
               "    Default: a,b\nResources:\n  Fn::ForEach::Buckets:  # <-\n    - Name\n    - !Ref Names\n"
               "    - B${Name}:\n        Type: AWS::S3::Bucket\n", BUCKET, "hot"),
    "CB5201": (HEAD + "Transform: AWS::LanguageExtensions\nParameters:\n  Policy: {Type: String}\nResources:\n"
               "  Bucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: !Ref Policy  # <-\n", BUCKET, "hot"),
    "CB3020": (INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          # aws s3 cp in a comment is not a call\n"
                                "          aws ec2 create-tags --resources i-1 --tags Key=a  # <-\n      ImageId"),
               INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          echo \"aws s3 cp is not used\"\n"
                                "          ID=$(curl -s http://169.254.169.254/latest/meta-data/instance-id)\n"
                                "          openstack server set --property a=b $ID\n      ImageId"), "hot"),
    "CB3101": (INSTANCE + "Outputs:\n  Ip:\n    Value: !GetAtt Server.PublicIp  # <-\n",
               INSTANCE + "Outputs:\n  Id:\n    Value: !Ref Server\n", "hot"),
    "CB3102": (INSTANCE.replace("      ImageId", "      SourceDestCheck: false  # <-\n      ImageId"), INSTANCE, "hot"),
    "CB3103": (INSTANCE.replace("Default: cirros}", "Default: ami-0123456789abcdef0}  # <-"), INSTANCE, "hot"),
    "CB3104": (BUCKET + "Outputs:\n  A:\n    Value: arn:aws:sns:us-east-1:123456789012:topic  # <-\n", BUCKET, "hot"),
    "CB3105": (BUCKET + "Outputs:\n  A:\n    Value: '123456789012'  # <-\n", BUCKET, "hot"),
    "CB3106": (BUCKET + "Outputs:\n  A:\n    Value: https://s3.eu-west-1.amazonaws.com/x  # <-\n",
               BUCKET + "Outputs:\n  A:\n    Value: https://example.org/x\n", "hot"),
    "CB3107": (INSTANCE.replace("      ImageId", "      AvailabilityZone: us-east-1a  # <-\n      ImageId"),
               INSTANCE, "hot"),
    "CB3108": (INSTANCE.replace("      ImageId", "      IamInstanceProfile: !Ref Profile  # <-\n      ImageId")
               + "  Profile:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      Roles: [r]\n",
               INSTANCE, "hot"),
    "CB4401": (BUCKET + "Parameters:\n  Key:\n    Type: AWS::EC2::KeyPair::KeyName  # <-\n",
               BUCKET + "Parameters:\n  Key:\n    Type: String\n", "hot"),
    "CB4002": (BUCKET + "Outputs:\n  A:\n    Value: !Ref Bucket\n    Export:\n      Name: shared-bucket  # <-\n",
               BUCKET + "Outputs:\n  A:\n    Value: !Ref Bucket\n", "hot"),
    "CB4003": (BUCKET + "    Properties:\n      BucketName: !ImportValue shared-name  # <-\n", BUCKET, "hot"),
    "CB5001": (BUCKET + "    DeletionPolicy: RetainExceptOnCreate  # <-\n",
               BUCKET + "    DeletionPolicy: Retain\n", "hot"),
    "CB5002": (BUCKET + "    UpdateReplacePolicy: Retain  # <-\n", BUCKET, "hot"),
    "CB5003": (INSTANCE.replace("    Properties:", "    CreationPolicy:\n      ResourceSignal: {Count: 1}  # <-\n"
                                "    Properties:", 1), INSTANCE, "native"),
    "CB5004": (BUCKET + "    UpdatePolicy:\n      AutoScalingReplacingUpdate: {WillReplace: true}  # <-\n",
               BUCKET, "hot"),
    "CB6001": (BUCKET + "Parameters:\n  Pass:\n    Type: String\n    NoEcho: true\n    Default: hunter22  # <-\n",
               BUCKET + "Parameters:\n  Pass:\n    Type: String\n    NoEcho: true\n", "hot"),
    "CB6002": (INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: |\n          #!/bin/sh\n"
                                "          echo start\n          mysql --password=S3cretPass1 db  # <-\n      ImageId"),
               INSTANCE.replace("      ImageId", "      UserData:\n        Fn::Base64: !Sub |\n          #!/bin/sh\n"
                                "          mysql --password=${DbPassword} db\n      ImageId"), "hot"),
    "CB6003": (BUCKET + "Parameters:\n  DbPassword:\n    Type: String\n    Default: hunter22  # <-\n",
               BUCKET + "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n", "hot"),
    "CB6004": (HEAD + "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
               "      GroupDescription: ssh\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n"
               "          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0  # <-\n",
               HEAD + "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
               "      GroupDescription: web\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n"
               "          FromPort: 443\n          ToPort: 443\n          CidrIp: 0.0.0.0/0\n", "hot"),
}
