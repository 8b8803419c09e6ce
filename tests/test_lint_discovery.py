"""Which files in a directory count as CloudFormation templates to lint."""

from cfnbridge.linting import lint


def test_directory_lints_templates_and_skips_other_documents(tmp_path) -> None:
    (tmp_path / "app.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
                                       "  Bucket: {Type: 'AWS::S3::Bucket'}\n")
    (tmp_path / "app.hot.yaml").write_text("heat_template_version: 2021-04-16\nresources:\n"
                                           "  Resources: {type: OS::Heat::None}\n")
    (tmp_path / "report.json").write_text('[{"path": "Resources/Bucket", "code": "x"}]')
    (tmp_path / "params.json").write_text('{"Parameters": {"Resources": "not a template"}}')
    result = lint([str(tmp_path)])
    statuses = {p.rsplit("/", 1)[-1]: f.status for f in result.files for p in [f.file]}
    assert statuses == {"app.yaml": "ok", "app.hot.yaml": "skipped", "report.json": "skipped",
                        "params.json": "skipped"}
    assert result.exit_code() == 0
    # named on the command line, a file is always linted, and a non-template is an error
    named = lint([str(tmp_path / "app.hot.yaml")])
    assert named.exit_code() == 2
