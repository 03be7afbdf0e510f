variable "subscription_id" {
  type        = string
  description = "Azure subscription to deploy into (azurerm 4 needs it explicitly)."
}

variable "name" {
  type        = string
  description = "Name stem for every resource, 3-11 lower-case letters and digits (storage accounts allow no dashes)."
  default     = "icegate"
  validation {
    condition     = can(regex("^[a-z0-9]{3,11}$", var.name))
    error_message = "name must be 3-11 lower-case letters or digits."
  }
}

variable "location" {
  type        = string
  description = "Azure region, e.g. westeurope."
  default     = "westeurope"
}

variable "tags" {
  type        = map(string)
  description = "Tags put on every resource."
  default     = {}
}

variable "container_name" {
  type        = string
  description = "Blob container holding landing/, quarantine/, config/, artifacts/ and reports/ (ICEGATE_CONTAINER). Uploads under landing/ trigger ingest."
  default     = "icegate"
}

variable "prefix" {
  type        = string
  description = "Optional name prefix inside the container (ICEGATE_PREFIX); empty for none."
  default     = ""
}

variable "event_schema" {
  type        = string
  description = "Delivery schema of BlobCreated events to the ingest function: EventGridSchema or CloudEventSchemaV1_0 (the handler reads both)."
  default     = "EventGridSchema"
  validation {
    condition     = contains(["EventGridSchema", "CloudEventSchemaV1_0"], var.event_schema)
    error_message = "event_schema must be EventGridSchema or CloudEventSchemaV1_0."
  }
}

variable "app_package_dir" {
  type        = string
  description = "The Function App folder `./mvnw package` builds (host.json, one folder per function, jar, lib/); zipped and deployed."
  default     = "../../adapters/azure/target/azure-functions/icegate"
}

variable "service_plan_sku" {
  type        = string
  description = "App Service plan SKU of the Function App: Y1 (consumption), EP1-EP3 (elastic premium) or B1/S1/P1v3 (dedicated)."
  default     = "EP1"
}

variable "scan_schedule" {
  type        = string
  description = "NCRONTAB schedule of the drift scan timer (ICEGATE_SCAN_SCHEDULE); each monitor's own schedule still decides if it is due."
  default     = "0 */15 * * * *"
}

variable "maintain_schedule" {
  type        = string
  description = "NCRONTAB schedule of table maintenance (ICEGATE_MAINTAIN_SCHEDULE)."
  default     = "0 30 3 * * *"
}

variable "profile_schedule" {
  type        = string
  description = "NCRONTAB schedule of the profile catch-up (ICEGATE_PROFILE_SCHEDULE): committed batches whose follow-up did not run."
  default     = "0 5 * * * *"
}

variable "catalog_type" {
  type        = string
  description = "Iceberg catalog type (ICEGATE_CATALOG_TYPE): jdbc (PostgreSQL) or rest."
  default     = "jdbc"
  validation {
    condition     = contains(["jdbc", "rest"], var.catalog_type)
    error_message = "catalog_type must be jdbc or rest."
  }
}

variable "create_postgres" {
  type        = bool
  description = "Create an Azure Database for PostgreSQL flexible server for the JDBC catalog. When false, give catalog_uri, catalog_user and catalog_password."
  default     = true
}

variable "postgres_sku" {
  type        = string
  description = "SKU of the PostgreSQL flexible server."
  default     = "B_Standard_B1ms"
}

variable "catalog_uri" {
  type        = string
  description = "Catalog URI (ICEGATE_CATALOG_URI) when create_postgres is false: a jdbc:postgresql:// URL or a REST catalog endpoint."
  default     = ""
}

variable "catalog_user" {
  type        = string
  description = "Catalog user (ICEGATE_CATALOG_USER) when create_postgres is false: JDBC user or REST client id."
  default     = ""
}

variable "catalog_password" {
  type        = string
  description = "Catalog password or REST client secret when create_postgres is false; stored in Key Vault, referenced by the app."
  default     = ""
  sensitive   = true
}

variable "warehouse_filesystem" {
  type        = string
  description = "ADLS Gen2 filesystem holding the Iceberg warehouse (ICEGATE_WAREHOUSE = abfss://<fs>@<account>.dfs.core.windows.net/icegate)."
  default     = "warehouse"
}

variable "memory_limit" {
  type        = string
  description = "DuckDB memory limit per worker (ICEGATE_MEMORY_LIMIT), e.g. 2GB; keep it under the plan's memory."
  default     = "2GB"
}
