"""Server bootstrap for stock cloud images: cfn-init, cfn-signal and CreationPolicy.

On AWS, ``AWS::CloudFormation::Init`` metadata is applied by ``cfn-init`` (called from user
data) and ``cfn-signal`` reports back to a ``CreationPolicy``. Stock OpenStack images have
cloud-init but not heat-cfntools, so the translation turns the metadata into a shell
program that does what cfn-init does, in cfn-init's order (:mod:`.cfn_init`, rendered by
:mod:`.shell`), delivers it with cloud-init (:mod:`.delivery`), rewrites the calls in the user
data where they stand (:mod:`.user_data`), and turns signals into Heat wait conditions
(:mod:`.signals`).
"""
