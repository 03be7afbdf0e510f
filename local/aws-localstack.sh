#!/usr/bin/env bash
# ---------------------------------------------------------------------------------------------
# Deploys the icegate Lambda zip into LocalStack the way terraform/aws does on AWS, with the AWS
# CLI pointed at LocalStack (no awslocal needed):
#   - bucket icegate-local; S3 ObjectCreated on landing/ -> the ingest function
#   - the five functions (same zip, handlers io.icegate.aws.*Handler::handleRequest), JDBC catalog
#     on the compose PostgreSQL, its password in an SSM SecureString
#   - a schedule (EventBridge rule, rate 5 minutes) -> scan-drift and maintain-tables
#   - a Function URL (AWS_IAM) for the api function
#   - the sample trips contract in config/contracts/
#
#   docker compose -f local/docker-compose.yml up -d
#   ./mvnw -pl adapters/aws -am package
#   local/aws-localstack.sh            # ARCH=x86_64|arm64 overrides the machine's architecture
#   aws --endpoint-url http://127.0.0.1:4566 s3 cp trips.csv s3://icegate-local/landing/trips/trips.csv
#
# Needs: aws (AWS CLI v2), a running LocalStack on $ENDPOINT. Re-running updates the code.
# ---------------------------------------------------------------------------------------------
set -euo pipefail
cd "$(dirname "$0")/.."

ENDPOINT="${ENDPOINT:-http://127.0.0.1:4566}"
NAME="${NAME:-icegate}"
BUCKET="${BUCKET:-icegate-local}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
case "${ARCH:-$(uname -m)}" in
  x86_64|amd64) ARCH=x86_64 ;;
  aarch64|arm64) ARCH=arm64 ;;
  *) echo "unknown architecture ${ARCH:-$(uname -m)}: set ARCH=x86_64 or arm64" >&2; exit 1 ;;
esac
ZIP="adapters/aws/target/icegate-aws-$ARCH.zip"
PARAMETER=/icegate/local/catalog-password

aws() { command aws --endpoint-url "$ENDPOINT" "$@"; }

[ -f "$ZIP" ] || { echo "$ZIP is missing: run ./mvnw -pl adapters/aws -am package" >&2; exit 1; }
aws s3api list-buckets >/dev/null 2>&1 || { echo "LocalStack does not answer on $ENDPOINT: docker compose -f local/docker-compose.yml up -d" >&2; exit 1; }

echo "bucket s3://$BUCKET"
aws s3api head-bucket --bucket "$BUCKET" 2>/dev/null || aws s3api create-bucket --bucket "$BUCKET" >/dev/null
aws s3 cp --quiet local/samples/contracts/trips.yaml "s3://$BUCKET/config/contracts/trips.yaml"

# the zip is above the 50 MB of a direct upload, so Lambda takes it from S3, as on AWS
CODE_BUCKET="$BUCKET-code"
aws s3api head-bucket --bucket "$CODE_BUCKET" 2>/dev/null || aws s3api create-bucket --bucket "$CODE_BUCKET" >/dev/null
aws s3 cp --quiet "$ZIP" "s3://$CODE_BUCKET/$(basename "$ZIP")"
echo "code s3://$CODE_BUCKET/$(basename "$ZIP")"

echo "catalog password in SSM $PARAMETER"
aws ssm put-parameter --name "$PARAMETER" --type SecureString --overwrite \
  --value "${CATALOG_PASSWORD:-icegate-local-only}" >/dev/null

ROLE_ARN="$(aws iam get-role --role-name "$NAME-lambda" --query Role.Arn --output text 2>/dev/null || \
  aws iam create-role --role-name "$NAME-lambda" --query Role.Arn --output text \
    --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}')"

# Inside Lambda containers LocalStack answers as localhost.localstack.cloud, PostgreSQL as postgres.
ENVIRONMENT="$(cat <<JSON
{"Variables": {
  "ICEGATE_BUCKET": "$BUCKET",
  "ICEGATE_CATALOG_TYPE": "jdbc",
  "ICEGATE_CATALOG_URI": "jdbc:postgresql://postgres:5432/icegate",
  "ICEGATE_CATALOG_USER": "icegate",
  "ICEGATE_CATALOG_PASSWORD_PARAMETER": "$PARAMETER",
  "ICEGATE_WAREHOUSE": "s3://$BUCKET/warehouse",
  "ICEGATE_S3_ENDPOINT": "http://localhost.localstack.cloud:4566",
  "JAVA_TOOL_OPTIONS": "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=/var/task/icegate.jsa"
}}
JSON
)"

deploy() { # function suffix, handler class, memory, timeout
  local fn="$NAME-$1"
  if aws lambda get-function --function-name "$fn" >/dev/null 2>&1; then
    aws lambda update-function-code --function-name "$fn" --s3-bucket "$CODE_BUCKET" --s3-key "$(basename "$ZIP")" >/dev/null
    aws lambda wait function-updated --function-name "$fn"
    aws lambda update-function-configuration --function-name "$fn" --environment "$ENVIRONMENT" >/dev/null
  else
    aws lambda create-function --function-name "$fn" --runtime java17 --architectures "$ARCH" \
      --handler "io.icegate.aws.$2::handleRequest" --role "$ROLE_ARN" --code "S3Bucket=$CODE_BUCKET,S3Key=$(basename "$ZIP")" \
      --memory-size "$3" --timeout "$4" --environment "$ENVIRONMENT" >/dev/null
  fi
  aws lambda wait function-active-v2 --function-name "$fn"
  echo "function $fn"
}
deploy ingest IngestHandler 3008 300
deploy api ApiHandler 1024 30
deploy scan-drift ScanDriftHandler 2048 900
deploy compare-shadow CompareShadowHandler 2048 300
deploy maintain-tables MaintainTablesHandler 1024 900
deploy profile-batches ProfileBatchesHandler 2048 900

account() { aws sts get-caller-identity --query Account --output text; }
INGEST_ARN="$(aws lambda get-function --function-name "$NAME-ingest" --query Configuration.FunctionArn --output text)"
aws lambda add-permission --function-name "$NAME-ingest" --statement-id s3-landing --action lambda:InvokeFunction \
  --principal s3.amazonaws.com --source-arn "arn:aws:s3:::$BUCKET" --source-account "$(account)" >/dev/null 2>&1 || true
aws s3api put-bucket-notification-configuration --bucket "$BUCKET" --notification-configuration "{
  \"LambdaFunctionConfigurations\": [{
    \"Id\": \"icegate-landing\", \"LambdaFunctionArn\": \"$INGEST_ARN\", \"Events\": [\"s3:ObjectCreated:*\"],
    \"Filter\": {\"Key\": {\"FilterRules\": [{\"Name\": \"prefix\", \"Value\": \"landing/\"}]}}
  }]
}"
echo "notification s3://$BUCKET/landing/ -> $NAME-ingest"

RULE_ARN="$(aws events put-rule --name "$NAME-schedule" --schedule-expression 'rate(5 minutes)' --query RuleArn --output text)"
targets=()
for fn in scan-drift maintain-tables; do
  arn="$(aws lambda get-function --function-name "$NAME-$fn" --query Configuration.FunctionArn --output text)"
  aws lambda add-permission --function-name "$NAME-$fn" --statement-id schedule --action lambda:InvokeFunction \
    --principal events.amazonaws.com --source-arn "$RULE_ARN" >/dev/null 2>&1 || true
  targets+=("Id=$fn,Arn=$arn")
done
aws events put-targets --rule "$NAME-schedule" --targets "${targets[@]}" >/dev/null
echo "schedule rate(5 minutes) -> $NAME-scan-drift, $NAME-maintain-tables"

URL="$(aws lambda get-function-url-config --function-name "$NAME-api" --query FunctionUrl --output text 2>/dev/null || \
  aws lambda create-function-url-config --function-name "$NAME-api" --auth-type AWS_IAM --query FunctionUrl --output text)"
echo "api $URL"
echo "upload: aws --endpoint-url $ENDPOINT s3 cp trips.csv s3://$BUCKET/landing/trips/trips.csv"
